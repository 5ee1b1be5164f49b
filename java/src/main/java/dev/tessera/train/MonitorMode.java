// MonitorMode: whether a monitored quantity improves by going down (MIN: losses, errors) or up
// (MAX: accuracy, precision, recall, f1); AUTO decides by the name, as Keras does.
package dev.tessera.train;

public enum MonitorMode {
    AUTO,
    MIN,
    MAX
}
