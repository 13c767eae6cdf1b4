package io.hookline.batch;

import io.vertx.pgclient.PgException;

import java.util.Set;

/** Tells a batch failure caused by what one item holds from one caused by the database being away. */
public final class BatchFailures {

    /**
     * SQLSTATE classes that a row's content causes: 22 data exception (a NUL in text, an invalid
     * byte sequence, a value out of range), 23 integrity constraint violation, 54 program limit
     * exceeded (an index row too large). Others (08 connection, 40 serialization, 53 resources,
     * 57 operator intervention, 58 system, XX internal) are the database's, not the row's.
     */
    private static final Set<String> ITEM_CLASSES = Set.of("22", "23", "54");

    private BatchFailures() {
    }

    public static boolean isItemFault(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ItemFaultException) {
                return true;
            }
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && state.length() == 5 && ITEM_CLASSES.contains(state.substring(0, 2));
            }
        }
        return false;
    }

    /** The database's own words for an item's fault, without the SQL or the values. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ItemFaultException fault) {
                return fault.getMessage();
            }
            if (t instanceof PgException pg) {
                return pg.getErrorMessage() + " (SQLSTATE " + pg.getSqlState() + ")";
            }
        }
        return failure.getMessage();
    }
}
