package android.provider;

/** Columns every provider table has. */
public interface BaseColumns {
    String _ID = "_id";
    String _COUNT = "_count";
}
