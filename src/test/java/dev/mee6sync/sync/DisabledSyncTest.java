package dev.mee6sync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@code MEE6_SYNC_ENABLED=false}: a run exits at once, reads nothing from MEE6 and writes nothing. */
@QuarkusTest
@TestProfile(DisabledSyncTest.SyncDisabled.class)
class DisabledSyncTest {

    public static class SyncDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mee6.sync-enabled", "false");
        }
    }

    @Inject
    TestDatabase db;

    @Test
    void aDisabledSyncWritesNothing() {
        db.reset();
        db.insertMember(SyncLambdaTest.ALICE);
        Mee6StandIn.get().reset();

        SyncLambdaTest.invoke("{\"syncId\": \"disabled\"}").statusCode(200)
                .body("status", equalTo("DISABLED"))
                .body("message", containsString("MEE6_SYNC_ENABLED"));

        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM sync_run")).isZero();
        assertThat(db.query("SELECT consecutive_failures, last_failure_at, last_success_at FROM sync_state"))
                .containsExactly(java.util.Arrays.asList(0, null, null));
        assertThat(Mee6StandIn.get().requests(Mee6StandIn.GUILD_ID)).isEmpty();
    }
}
