package dev.mee6sync.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * One column of a batch as a PostgreSQL array parameter: the batch statements bind one array per column and
 * {@code unnest} them into rows, so a whole batch is one statement.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** {@code column} of every row, in order, as an array of the SQL element {@code type} ({@code int8}...). */
    public static <T> Array column(Connection connection, String type, List<T> rows, Function<T, Object> column)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return connection.createArrayOf(type, values);
    }
}
