package android.database;

import java.util.ArrayList;
import java.util.List;

/** A cursor over rows held in memory; values are coerced between types as SQLite would. */
public class MatrixCursor extends AbstractCursor {
    private final String[] columnNames;
    private final List<Object[]> rows;

    public MatrixCursor(String[] columnNames, int initialCapacity) {
        this.columnNames = columnNames.clone();
        this.rows = new ArrayList<>(Math.max(initialCapacity, 1));
    }

    public MatrixCursor(String[] columnNames) {
        this(columnNames, 16);
    }

    public void addRow(Object[] columnValues) {
        if (columnValues.length != columnNames.length) {
            throw new IllegalArgumentException("columnNames.length = " + columnNames.length
                + ", columnValues.length = " + columnValues.length);
        }
        rows.add(columnValues.clone());
    }

    public void addRow(Iterable<?> columnValues) {
        List<Object> values = new ArrayList<>();
        for (Object value : columnValues) values.add(value);
        addRow(values.toArray());
    }

    private Object get(int column) {
        if (column < 0 || column >= columnNames.length) {
            throw new CursorIndexOutOfBoundsException("Requested column: " + column
                + ", # of columns: " + columnNames.length);
        }
        checkPosition();
        return rows.get(mPos)[column];
    }

    @Override public int getCount() { return rows.size(); }
    @Override public String[] getColumnNames() { return columnNames.clone(); }

    @Override
    public String getString(int column) {
        Object value = get(column);
        return value == null ? null : value.toString();
    }

    @Override
    public short getShort(int column) { return (short) getLong(column); }

    @Override
    public int getInt(int column) { return (int) getLong(column); }

    @Override
    public long getLong(int column) {
        Object value = get(column);
        if (value == null) return 0L;
        if (value instanceof Number n) return n.longValue();
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return 0L;  // SQLite reads a non-numeric text as 0
        }
    }

    @Override
    public float getFloat(int column) { return (float) getDouble(column); }

    @Override
    public double getDouble(int column) {
        Object value = get(column);
        if (value == null) return 0.0;
        if (value instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            return 0.0;
        }
    }

    @Override
    public byte[] getBlob(int column) {
        Object value = get(column);
        if (value == null || value instanceof byte[]) return (byte[]) value;
        return value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int getType(int column) {
        Object value = get(column);
        if (value == null) return FIELD_TYPE_NULL;
        if (value instanceof byte[]) return FIELD_TYPE_BLOB;
        if (value instanceof Float || value instanceof Double) return FIELD_TYPE_FLOAT;
        if (value instanceof Number) return FIELD_TYPE_INTEGER;
        return FIELD_TYPE_STRING;
    }

    @Override
    public boolean isNull(int column) { return get(column) == null; }
}
