package io.hookline.connections;

/**
 * A rule another stage sets on the catalog (a timeout shorter than the dispatcher's lease), checked
 * on every change of the file before it takes effect, as at start.
 */
public interface CatalogCheck {

    /**
     * @param origin names the file in messages
     * @throws InvalidConnectionCatalogException naming each entry and field that breaks the rule
     */
    void check(ConnectionCatalog candidate, String origin);
}
