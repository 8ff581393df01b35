package io.github.tempcreds.container.internal;

/** Message texts and quoting. Internal: no compatibility promise. */
public final class ContainerErrors {
    /** Neither URI is set. */
    public static final String NOT_CONFIGURED = "No container credentials endpoint is configured: neither "
            + ContainerSettings.ENV_RELATIVE_URI + " (set by ECS for a task with a task role) nor "
            + ContainerSettings.ENV_FULL_URI + " (set by EKS Pod Identity) is set. On ECS, give the task definition"
            + " a taskRoleArn; on EKS, create a Pod Identity association for the pod's service account.";

    private ContainerErrors() {
    }

    /** A value quoted for a message: one line, printable, at most 200 characters. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        int n = Math.min(s.length(), 200);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append(s.length() > 200 ? "...'" : "'").toString();
    }
}
