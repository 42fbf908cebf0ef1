package dev.mee6sync.mee6;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mee6sync.config.Mee6Config;
import dev.mee6sync.config.Mee6ConfigCheck;
import dev.mee6sync.xp.FetchFacts;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import dev.mee6sync.xp.XpSource;
import dev.mee6sync.xp.XpSourceException;

/** Temporary bridge to the port until the MEE6 adapter lands (being rewritten on its own branch). */
@ApplicationScoped
public class Mee6XpSource implements XpSource {

    private final Mee6Config config;
    private final Mee6Client client;

    public Mee6XpSource(Mee6Config config, Mee6Client client) {
        this.config = config;
        this.client = client;
    }

    @Override
    public String name() {
        return "MEE6";
    }

    @Override
    public Optional<String> scope() {
        return config.guildId().filter(id -> !id.isBlank());
    }

    @Override
    public List<String> configurationProblems() {
        return Mee6ConfigCheck.problems(config);
    }

    @Override
    public XpSnapshot read(XpRequest request) {
        List<String> ids = request.accounts().stream().map(XpRequest.Account::id).toList();
        try {
            Mee6Snapshot snapshot = client.fetchAllMemberXp(ids);
            Map<String, Long> xp = snapshot.members().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().xp()));
            return new XpSnapshot(xp, facts(snapshot.facts(), xp.size() < ids.size()));
        } catch (Mee6FetchException e) {
            throw new XpSourceException("MEE6", e.isPermanent() ? XpSourceException.Kind.PERMANENT
                    : XpSourceException.Kind.TRANSIENT, e.getMessage(), facts(e.facts(), false), e);
        }
    }

    private static FetchFacts facts(dev.mee6sync.mee6.FetchFacts facts, boolean toEnd) {
        return new FetchFacts(facts.pagesRequested(), facts.playersRead(), facts.duplicatesDropped(), facts.retries(),
                facts.durationMs(), toEnd);
    }
}
