package dev.mee6sync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import jakarta.inject.Inject;
import jakarta.persistence.Entity;

import org.junit.jupiter.api.Test;

import dev.mee6sync.job.ControlPlane;
import dev.mee6sync.job.JobState;
import dev.mee6sync.job.RunRecord;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The structure docs/architecture.md shows, held against the compiled code: entry points, then jobs, then the domain
 * (the ledger's rules, the XP source port, the board reader and its adapters), then infrastructure; no cycles between
 * packages; the jobs know the XP source only by its port; adapters depend on the reader, never the reverse; every
 * entity has a use.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/dev/mee6sync/local/")) // src/local: local runs only
            .importPackages("dev.mee6sync");

    @Test
    void dependenciesPointOneWayFromEntryPointsToInfrastructure() {
        assertThat(MAIN.size()).as("the application's classes, found where the rules look").isGreaterThan(80);
        assertThat(MAIN.containPackage("dev.mee6sync.sync")).isTrue();
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry points").definedBy("dev.mee6sync.lambda..", "dev.mee6sync.schedule..")
                .layer("Jobs").definedBy("dev.mee6sync.job..", "dev.mee6sync.sync..", "dev.mee6sync.audit..",
                        "dev.mee6sync.streak..")
                .layer("Domain").definedBy("dev.mee6sync.ledger..", "dev.mee6sync.xp..", "dev.mee6sync.board..",
                        "dev.mee6sync.mee6..", "dev.mee6sync.lurkr..", "dev.mee6sync.source..")
                .layer("Infrastructure").definedBy("dev.mee6sync.persistence..", "dev.mee6sync.db..",
                        "dev.mee6sync.alert..", "dev.mee6sync.secrets..", "dev.mee6sync.config..",
                        "dev.mee6sync.text..")
                .whereLayer("Entry points").mayNotBeAccessedByAnyLayer()
                .whereLayer("Jobs").mayOnlyBeAccessedByLayers("Entry points")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Entry points", "Jobs")
                .whereLayer("Infrastructure").mayOnlyBeAccessedByLayers("Entry points", "Jobs", "Domain")
                .check(MAIN);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().matching("dev.mee6sync.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theJobRunnerKnowsNoJobAndTheJobsKnowNoOtherJob() {
        noClasses().that().resideInAPackage("dev.mee6sync.job..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.mee6sync.sync..", "dev.mee6sync.audit..", "dev.mee6sync.streak..",
                        "dev.mee6sync.ledger..", "dev.mee6sync.xp..", "dev.mee6sync.board..", "dev.mee6sync.mee6..",
                        "dev.mee6sync.lurkr..", "dev.mee6sync.source..")
                .check(MAIN);
        for (String job : new String[] { "sync", "audit", "streak" }) {
            noClasses().that().resideInAPackage("dev.mee6sync." + job + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(otherJobs(job)).check(MAIN);
        }
    }

    @Test
    void theSyncKnowsItsXpSourceOnlyByThePort() {
        for (String adapter : new String[] { "mee6", "lurkr" }) {
            noClasses().that().resideOutsideOfPackages("dev.mee6sync." + adapter + "..", "dev.mee6sync.source..")
                    .should().dependOnClassesThat().resideInAPackage("dev.mee6sync." + adapter + "..")
                    .because("another XP source is another adapter of dev.mee6sync.xp, chosen by XP_SOURCE alone")
                    .check(MAIN);
        }
        noClasses().that().resideOutsideOfPackages("dev.mee6sync.source..")
                .should().dependOnClassesThat().resideInAPackage("dev.mee6sync.source..").check(MAIN);
        noClasses().that().resideInAPackage("dev.mee6sync.xp..").should().dependOnClassesThat()
                .resideOutsideOfPackages("dev.mee6sync.xp..", "java..").check(MAIN);
    }

    @Test
    void adaptersDependOnTheBoardReaderNeverTheReverse() {
        noClasses().that().resideInAPackage("dev.mee6sync.board..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.mee6sync.mee6..", "dev.mee6sync.lurkr..", "dev.mee6sync.source..")
                .because("the reader is source-neutral: what a source says or means is its adapter's").check(MAIN);
        noClasses().that().resideInAPackage("dev.mee6sync.board..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.mee6sync.job..", "dev.mee6sync.sync..", "dev.mee6sync.persistence..")
                .check(MAIN);
    }

    @Test
    void theTextHelpersDependOnNothingButTheJdk() {
        noClasses().that().resideInAPackage("dev.mee6sync.text..").should().dependOnClassesThat()
                .resideOutsideOfPackages("dev.mee6sync.text..", "java..")
                .because("every layer shows values to operators through them").check(MAIN);
    }

    @Test
    void persistenceHoldsTheEntitiesAndEachOneHasAUse() {
        classes().that().resideInAPackage("dev.mee6sync.persistence..").and().areTopLevelClasses()
                .should().beAnnotatedWith(Entity.class).check(MAIN);
        classes().that().areAnnotatedWith(Entity.class).should().resideInAnyPackage("dev.mee6sync.persistence..",
                "dev.mee6sync.job..").because("the control plane's entities are the runner's").check(MAIN);
        classes().that().areAnnotatedWith(Entity.class).should(beUsedOutside("dev.mee6sync.persistence"))
                .check(MAIN);
    }

    /**
     * The control plane is one state machine: {@code sync_state} is {@link JobState}'s alone (its fields are private,
     * its changes named transitions), reached only through the runner's {@link ControlPlane}; the jobs never touch
     * their own control row or run record.
     */
    @Test
    void theStateMachineOwnsSyncStateAndOnlyTheRunnerReachesIt() {
        classes().that().haveFullyQualifiedName(JobState.class.getName()).should(haveOnlyPrivateInstanceFields())
                .check(MAIN);
        noClasses().that().resideOutsideOfPackage("dev.mee6sync.job..").should().dependOnClassesThat()
                .haveFullyQualifiedName(JobState.class.getName()).check(MAIN);
        noClasses().that().resideOutsideOfPackage("dev.mee6sync.job..").and()
                .doNotHaveFullyQualifiedName("dev.mee6sync.streak.StreakStore").should().dependOnClassesThat()
                .haveFullyQualifiedName(RunRecord.class.getName())
                .because("a job learns of other runs through the runner; only the streak job waits for the sync")
                .check(MAIN);
        noClasses().that().resideInAnyPackage("dev.mee6sync.sync..", "dev.mee6sync.audit..", "dev.mee6sync.streak..")
                .should().dependOnClassesThat().haveFullyQualifiedName(ControlPlane.class.getName()).check(MAIN);
    }

    @Test
    void beansTakeTheirDependenciesThroughTheirConstructor() {
        noFields().should().beAnnotatedWith(Inject.class).check(MAIN);
    }

    private static String[] otherJobs(String job) {
        return java.util.stream.Stream.of("sync", "audit", "streak").filter(other -> !other.equals(job))
                .map(other -> "dev.mee6sync." + other + "..").toArray(String[]::new);
    }

    private static ArchCondition<JavaClass> haveOnlyPrivateInstanceFields() {
        return new ArchCondition<>("have only private instance fields") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                type.getFields().stream()
                        .filter(field -> !field.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier
                                .STATIC))
                        .forEach(field -> events.add(new SimpleConditionEvent(field, field.getModifiers()
                                .contains(com.tngtech.archunit.core.domain.JavaModifier.PRIVATE), field.getFullName()
                                + " must be private: only the state machine's transitions change it")));
            }
        };
    }

    private static ArchCondition<JavaClass> beUsedOutside(String packageName) {
        return new ArchCondition<>("be used outside " + packageName) {
            @Override
            public void check(JavaClass entity, ConditionEvents events) {
                boolean used = entity.getDirectDependenciesToSelf().stream()
                        .anyMatch(d -> !d.getOriginClass().getPackageName().startsWith(packageName));
                events.add(new SimpleConditionEvent(entity, used, entity.getName()
                        + (used ? " is used" : " is used by nothing outside " + packageName)));
            }
        };
    }
}
