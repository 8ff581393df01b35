/**
 * Role credentials from the container credentials endpoint (Amazon ECS task roles and EKS Pod
 * Identity): {@link io.github.tempcreds.container.ContainerRoleCredentialsProvider}.
 */
package io.github.tempcreds.container;
