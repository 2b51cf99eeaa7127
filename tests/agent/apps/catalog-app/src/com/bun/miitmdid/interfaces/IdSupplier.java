package com.bun.miitmdid.interfaces;

/** Stand-in for the MSA (China Mobile Security Alliance) OAID SDK's id holder. */
public interface IdSupplier {
    boolean isSupported();

    String getOAID();
}
