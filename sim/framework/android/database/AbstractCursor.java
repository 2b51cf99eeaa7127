package android.database;

/** Position handling and column lookup shared by cursors; subclasses supply the values. */
public abstract class AbstractCursor implements Cursor {
    protected int mPos = -1;
    protected boolean mClosed;

    public AbstractCursor() {}

    @Override public abstract int getCount();
    @Override public abstract String[] getColumnNames();
    @Override public abstract String getString(int column);
    @Override public abstract short getShort(int column);
    @Override public abstract int getInt(int column);
    @Override public abstract long getLong(int column);
    @Override public abstract float getFloat(int column);
    @Override public abstract double getDouble(int column);
    @Override public abstract boolean isNull(int column);

    @Override
    public int getType(int column) { return FIELD_TYPE_STRING; }

    @Override
    public byte[] getBlob(int column) { throw new UnsupportedOperationException("getBlob is not supported"); }

    @Override public final int getPosition() { return mPos; }
    @Override public final boolean move(int offset) { return moveToPosition(mPos + offset); }
    @Override public final boolean moveToFirst() { return moveToPosition(0); }
    @Override public final boolean moveToLast() { return moveToPosition(getCount() - 1); }
    @Override public final boolean moveToNext() { return moveToPosition(mPos + 1); }
    @Override public final boolean moveToPrevious() { return moveToPosition(mPos - 1); }
    @Override public final boolean isFirst() { return mPos == 0 && getCount() != 0; }
    @Override public final boolean isLast() { int n = getCount(); return mPos == n - 1 && n != 0; }
    @Override public final boolean isBeforeFirst() { return getCount() == 0 || mPos == -1; }
    @Override public final boolean isAfterLast() { return getCount() == 0 || mPos == getCount(); }

    @Override
    public final boolean moveToPosition(int position) {
        int count = getCount();
        if (position >= count) {
            mPos = count;
            return false;
        }
        if (position < 0) {
            mPos = -1;
            return false;
        }
        mPos = position;
        return true;
    }

    @Override
    public int getColumnIndex(String columnName) {
        // Android strips a "table." qualifier before matching the column name.
        int dot = columnName.lastIndexOf('.');
        String name = dot >= 0 ? columnName.substring(dot + 1) : columnName;
        String[] names = getColumnNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) return i;
        }
        return -1;
    }

    @Override
    public int getColumnIndexOrThrow(String columnName) {
        int index = getColumnIndex(columnName);
        if (index < 0) {
            throw new IllegalArgumentException("column '" + columnName + "' does not exist. Available columns: "
                + java.util.Arrays.toString(getColumnNames()));
        }
        return index;
    }

    @Override public String getColumnName(int columnIndex) { return getColumnNames()[columnIndex]; }
    @Override public int getColumnCount() { return getColumnNames().length; }
    @Override @Deprecated public void deactivate() {}
    @Override @Deprecated public boolean requery() { return !mClosed; }
    @Override public void close() { mClosed = true; }
    @Override public boolean isClosed() { return mClosed; }
    @Override public void registerContentObserver(ContentObserver observer) {}
    @Override public void unregisterContentObserver(ContentObserver observer) {}
    @Override public android.net.Uri getNotificationUri() { return null; }

    protected void checkPosition() {
        if (mPos == -1 || mPos == getCount()) throw new CursorIndexOutOfBoundsException(mPos, getCount());
    }
}
