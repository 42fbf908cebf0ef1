package dev.mee6sync.mee6;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * MEE6's public leaderboard endpoint (undocumented). Built programmatically by {@link PageReader}, never injected.
 * It returns the raw {@link Response}: status codes, {@code Retry-After} and non-JSON bodies are MEE6's normal
 * failure modes and are handled by the caller, not by REST client exception mappers.
 */
@Path("/plugins/levels/leaderboard")
public interface Mee6Api extends AutoCloseable {

    /**
     * @param authorization a MEE6 web token sent as is (no "Bearer"), or {@code null} to send no header
     */
    @GET
    @Path("/{guildId}")
    @Produces(MediaType.APPLICATION_JSON)
    Response leaderboardPage(@PathParam("guildId") String guildId, @QueryParam("page") int page,
            @QueryParam("limit") int limit, @HeaderParam("Authorization") String authorization);

    /** Releases the client's connections; narrowed so callers need not handle a checked exception. */
    @Override
    void close();
}
