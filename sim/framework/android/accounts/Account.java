package android.accounts;

/** An account on the device: a name within an account type. */
public class Account {
    public final String name;
    public final String type;

    public Account(String name, String type) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("the name must not be empty: " + name);
        if (type == null || type.isEmpty()) throw new IllegalArgumentException("the type must not be empty: " + type);
        this.name = name;
        this.type = type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account a && a.name.equals(name) && a.type.equals(type);
    }

    @Override
    public int hashCode() { return 31 * (527 + name.hashCode()) + type.hashCode(); }

    @Override
    public String toString() { return "Account {name=" + name + ", type=" + type + "}"; }
}
