package dev.mee6sync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.mee6sync.testing.LogCapture;
import dev.mee6sync.testing.Mee6StandIn;
import dev.mee6sync.testing.Mee6StandIn.Player;
import dev.mee6sync.testing.SentryStandIn;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * The two secrets of a deployment, the MEE6 token and the database password, never appear in logs, exception
 * messages, invocation errors, {@code sync_run} and {@code sync_state} rows, or Sentry payloads: not on a good day,
 * and not when MEE6 or a proxy echoes the token back, the database drops the connection, or refuses the password.
 * The application really uses both here (the token is sent, the database asks for the password), so a leak would
 * show.
 */
@QuarkusTest
@TestProfile(SecurityTest.WithSecrets.class)
class SecurityTest {

    static final Figures FIGURES = new Figures("Security");
    static final String TOKEN = "tok-5Kq9ZrW2xN7vB3mH8pLdQ4";
    static final int MEMBERS = 120; // two pages, two batches
    static final long FIRST_ID = 700_000_000_000_000_000L;

    public static class WithSecrets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(SecretRole.datasourceOverrides());
            overrides.put("mee6.auth-token", TOKEN);
            return overrides;
        }
    }

    @Inject
    SyncHarness sync;

    @Inject
    DatabaseFaults faults;

    @Inject
    AgroalDataSource dataSource;

    @AfterAll
    static void printFigures() {
        FIGURES.print();
    }

    @Test
    void theMee6TokenAndTheDatabasePasswordAppearNowhere() throws Exception {
        sync.reset(FIGURES);
        if (!SecretRole.external()) {
            assertThat(sync.db().query("SELECT current_user").get(0)).containsExactly(SecretRole.ROLE);
            assertThat(SecretRole.connects("not-the-password")).as("the database asks for the password").isFalse();
        }
        List<String> ids = sync.link(MEMBERS, FIRST_ID);
        Map<String, Long> board = SyncHarness.xp(ids, i -> 800_000 - 10 * i);
        Map<String, Long> grown = SyncHarness.xp(ids, i -> 800_000 - 10 * i + 150);
        List<String> answers = new ArrayList<>();
        String logged;

        try (LogCapture logs = LogCapture.start()) {
            sync.serve(board);
            answers.add(sync.invokeSync("secure-1").statusCode(200).extract().asString());
            assertThat(sync.mee6().requests(SyncHarness.GUILD).get(0).getHeader("Authorization"))
                    .as("the token is in use").isEqualTo(TOKEN);

            // MEE6, or a proxy in front of it, echoes the token back: three failed runs, so Sentry gets an alert too
            sync.mee6().servePage(SyncHarness.GUILD, 0, Mee6StandIn.error(401, "Invalid token " + TOKEN));
            answers.add(failed("secure-2"));
            sync.serve(board);
            sync.mee6().servePage(SyncHarness.GUILD, 1, Mee6StandIn.fixture(503, "blocked-503.html")
                    .withBody("<html><body>Bad gateway. Request headers: Authorization: " + TOKEN + "</body></html>"));
            answers.add(failed("secure-3"));
            sync.serve(board);
            List<Player> page0 = new ArrayList<>(SyncHarness.page(board, 0));
            page0.set(3, new Player(TOKEN, 1_000));
            sync.mee6().servePage(SyncHarness.GUILD, 0,
                    Mee6StandIn.okJson(Mee6StandIn.pageJson(SyncHarness.GUILD, 0, page0)));
            answers.add(failed("secure-4"));
            FIGURES.fault();
            FIGURES.fault();
            FIGURES.fault();

            // the database drops the sync's connection mid-persist
            sync.serve(grown);
            ExecutorService background = Executors.newSingleThreadExecutor();
            try (DatabaseFaults.Gate gate = faults.gateBefore("secure-5", sync.memberIds().get(110))) {
                Future<ValidatableResponse> run = background.submit(() -> sync.invokeSync("secure-5"));
                gate.terminateBlockedBackend();
                answers.add(run.get(30, TimeUnit.SECONDS).statusCode(500).extract().asString());
                FIGURES.fault();
            } finally {
                background.shutdownNow();
            }

            // the database refuses the password (rotated on the server, not yet in the function's configuration)
            if (!SecretRole.external()) {
                SecretRole.setPassword("rotated.SECRET-0000");
                dataSource.flush(AgroalDataSource.FlushMode.ALL);
                try {
                    answers.add(failed("secure-6"));
                    FIGURES.fault();
                } finally {
                    SecretRole.setPassword(SecretRole.PASSWORD);
                }
            }

            // back to normal: the run completes and Sentry hears of the recovery
            answers.add(sync.invokeSync("secure-1").statusCode(200).body("status", equalTo("SKIPPED")).extract()
                    .asString());
            answers.add(sync.invokeSync("secure-5").statusCode(200).body("status", equalTo("COMPLETED")).extract()
                    .asString());
            logged = logs.text();
        }

        assertThat(SentryStandIn.eventsContaining("consecutive sync failures"))
                .as("an alert for each cause that needs someone: the refused token, the untrustworthy page").hasSize(2);
        assertThat(SentryStandIn.eventsContaining("recovered")).as("the recovery event").hasSize(1);
        assertThat(logged).as("the echoed token was masked, not dropped").contains("***");

        Map<String, String> surfaces = new LinkedHashMap<>();
        surfaces.put("log lines and logged exceptions", logged);
        surfaces.put("invocation answers and errors", String.join("\n", answers));
        surfaces.put("sync_run rows", text("SELECT row_to_json(r)::text FROM sync_run r"));
        surfaces.put("sync_state row", text("SELECT row_to_json(s)::text FROM sync_state s"));
        surfaces.put("Sentry envelopes", String.join("\n", SentryStandIn.envelopes()));
        String tokenStart = TOKEN.substring(0, 12); // what the redactor masks: any start of the token this long
        for (Map.Entry<String, String> surface : surfaces.entrySet()) {
            assertThat(surface.getValue()).as(surface.getKey()).isNotBlank()
                    .doesNotContain(TOKEN).doesNotContain(tokenStart);
            if (!SecretRole.password().isEmpty()) {
                assertThat(surface.getValue()).as(surface.getKey()).doesNotContain(SecretRole.password())
                        .doesNotContain("rotated.SECRET");
            }
            FIGURES.checks(1);
        }
        sync.assertLedgerSound("after the security scenario");
    }

    /** A run that must fail through the Lambda API; returns the whole invocation answer. */
    private String failed(String syncId) {
        return sync.invokeSync(syncId).statusCode(500).extract().asString();
    }

    private String text(String sql) {
        StringBuilder text = new StringBuilder();
        for (List<Object> row : sync.db().query(sql)) {
            text.append(row.get(0)).append('\n');
        }
        return text.toString();
    }
}
