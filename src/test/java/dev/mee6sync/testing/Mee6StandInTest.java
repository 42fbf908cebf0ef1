package dev.mee6sync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The stand-in answers as MEE6 does past a board's end: an empty page that names the page asked for. */
class Mee6StandInTest {

    @Test
    void aPagePastTheEndIsEmptyAndNamesItself() throws Exception {
        Mee6StandIn mee6 = Mee6StandIn.get();
        mee6.reset();
        mee6.serveBoard(Mee6StandIn.GUILD_ID, Mee6StandIn.players(150, 401_000_000_000_000_000L, 90_000), 100);
        HttpClient client = HttpClient.newHttpClient();
        for (int page : new int[] {1, 2, 7}) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(mee6.baseUrl()
                    + Mee6StandIn.LEADERBOARD_PATH + Mee6StandIn.GUILD_ID + "?page=" + page + "&limit=100")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(answer.body());
            assertThat(body.path("page").asInt()).as("page %d", page).isEqualTo(page);
            assertThat(body.path("players").size()).isEqualTo(page == 1 ? 50 : 0);
        }
        mee6.reset();
    }
}
