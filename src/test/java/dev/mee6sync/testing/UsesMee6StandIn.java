package dev.mee6sync.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Registers {@link Mee6StandInResource} for every {@code @QuarkusTest} (test resources are global unless restricted),
 * so the application always talks to the stand-in, never to mee6.xyz.
 */
@QuarkusTestResource(Mee6StandInResource.class)
public final class UsesMee6StandIn {
    private UsesMee6StandIn() {
    }
}
