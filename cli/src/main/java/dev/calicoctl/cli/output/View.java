package dev.calicoctl.cli.output;

/**
 * What a command that prints data rather than resources (ipam show, ipam assign, ipam audit) hands
 * its printer: a view model with its two renderings. The command builds it and never formats; the
 * printer chosen by -o decides which rendering is written.
 */
public interface View extends TextView {
    /** The documented JSON-shaped tree (maps, lists, scalars) that json, yaml and the templates print. */
    Object tree();
}
