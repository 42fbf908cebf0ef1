package dev.mee6sync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An invalid setting fails the run with a message naming the variable to fix, and counts as a failure (three in a
 * row alert ops like any outage), without touching MEE6 or the ledger.
 */
@QuarkusTest
@TestProfile(MisconfiguredSyncTest.PageSizeZero.class)
class MisconfiguredSyncTest {

    public static class PageSizeZero implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mee6.page-size", "0", "mee6.guild-id", "not-a-snowflake");
        }
    }

    @Inject
    TestDatabase db;

    @Test
    void theRunFailsNamingTheVariables() {
        db.reset();
        db.insertMember(SyncLambdaTest.ALICE);
        Mee6StandIn.get().reset();

        SyncLambdaTest.invoke("{\"syncId\": \"misconfigured\"}").statusCode(500)
                .body("errorMessage", containsString("Invalid configuration"))
                .body("errorMessage", containsString("MEE6_PAGE_SIZE"))
                .body("errorMessage", containsString("MEE6_GUILD_ID"));

        assertThat(db.queryLong("SELECT count(*) FROM discord_activity")).isZero();
        assertThat(db.queryLong("SELECT consecutive_failures FROM sync_state")).isEqualTo(1);
        assertThat(Mee6StandIn.get().requests("not-a-snowflake")).isEmpty();
    }
}
