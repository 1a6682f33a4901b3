package io.twd.platform.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twd.platform.domain.NotFoundException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import java.util.List;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class ProblemExceptionMapperTest {

    private final ProblemExceptionMapper mapper = new ProblemExceptionMapper();

    @Test
    void aCommitTheDatabaseFailedIs503WithRetryAfter() {
        var xaRollback = new RollbackException("rolled back");
        xaRollback.initCause(new XAException(XAException.XA_RBCOMMFAIL)); // how JTA chains a resource's failure
        var sqlRollback = new RollbackException("rolled back");
        sqlRollback.initCause(new java.sql.SQLException("Connection reset", "08006"));
        for (RollbackException rollback : List.of(xaRollback, sqlRollback)) {
            var failure = new TransactionalException("commit failed", rollback);
            Problem problem = mapper.problemFor(failure);
            assertEquals(503, problem.status(), failure.toString());
            assertEquals(Problem.TYPE_PREFIX + "temporarily-unavailable", problem.type());
            assertTrue(problem.detail().contains("nothing was changed"), problem.detail());
            assertTrue(!problem.detail().contains("08006") && !problem.detail().contains("Exception"),
                    problem.detail());
            var response = mapper.toResponse(failure);
            assertEquals(503, response.getStatus());
            assertEquals(String.valueOf(ProblemExceptionMapper.RETRY_AFTER_SECONDS),
                    response.getHeaderString("Retry-After"));
        }
        // a rollback without the database's failure (e.g. setRollbackOnly) is not "unavailable"
        assertEquals(500, mapper.problemFor(new TransactionalException("commit failed",
                new RollbackException("marked rollback-only"))).status());
        // a database failure that did not roll a commit back may have come after the commit
        assertEquals(500, mapper.problemFor(new jakarta.persistence.PersistenceException(
                new java.sql.SQLException("Connection reset", "08006"))).status());
        // a constraint violation (SQLSTATE class 23) is no transaction rollback
        assertEquals(500, mapper.problemFor(new jakarta.persistence.PersistenceException(
                new java.sql.SQLIntegrityConstraintViolationException("duplicate", "23505"))).status());
    }

    @Test
    void aChangeTheDatabaseRolledBackForContentionIsItsOwn503() {
        // how EclipseLink reports the embedded Derby's lock timeout (40XL1)
        var lockTimeout = new jakarta.persistence.PersistenceException("Exception [EclipseLink-4002]",
                new RuntimeException("Internal Exception", new java.sql.SQLTransactionRollbackException(
                        "A lock could not be obtained within the time requested", "40XL1", 30000)));
        // PostgreSQL's deadlock victim (40P01), as a plain SQLException
        var deadlock = new jakarta.persistence.PersistenceException(new java.sql.SQLException("deadlock detected", "40P01"));
        // a serialization failure found at commit, behind JTA's rollback
        var atCommit = new RollbackException("rolled back");
        atCommit.initCause(new java.sql.SQLException("could not serialize access", "40001"));
        for (RuntimeException failure : List.of(lockTimeout, deadlock, new TransactionalException("commit", atCommit))) {
            Problem problem = mapper.problemFor(failure);
            assertEquals(503, problem.status(), failure.toString());
            assertEquals(Problem.TYPE_PREFIX + ProblemExceptionMapper.CONTENTION, problem.type());
            assertTrue(problem.detail().contains("nothing was changed"), problem.detail());
            assertTrue(!problem.detail().contains("40"), problem.detail());
            var response = mapper.toResponse(failure);
            assertEquals(503, response.getStatus());
            assertEquals(String.valueOf(ProblemExceptionMapper.CONTENTION_RETRY_AFTER_SECONDS),
                    response.getHeaderString("Retry-After"));
        }
    }

    @Test
    void anyOtherErrorDoesNotClaimNothingWasApplied() {
        Problem problem = mapper.problemFor(new IllegalStateException("boom"));
        assertEquals(500, problem.status());
        assertEquals(Problem.TYPE_PREFIX + "internal-error", problem.type());
        assertTrue(problem.detail().contains("may or may not have been applied"), problem.detail());
        assertTrue(!problem.detail().contains("boom"), problem.detail());
    }

    @Test
    void notSignedInIs401WithTheBearerChallenge() {
        jakarta.ws.rs.core.Response response = mapper.toResponse(
                new jakarta.ws.rs.NotAuthorizedException("no token", "Bearer"));
        assertEquals(401, response.getStatus());
        assertTrue(response.getHeaderString("WWW-Authenticate").startsWith("Bearer"));
        Problem problem = (Problem) response.getEntity();
        assertEquals(Problem.TYPE_PREFIX + "unauthorized", problem.type());
        assertEquals(ProblemExceptionMapper.UNAUTHORIZED_DETAIL, problem.detail());
    }

    @Test
    void aRoleRefusalSaysSoAndACallerRefusalSaysWhy() {
        Problem byRole = mapper.problemFor(new jakarta.ws.rs.ForbiddenException("Unauthorized"));
        assertEquals(403, byRole.status());
        assertEquals(Problem.TYPE_PREFIX + "forbidden", byRole.type());
        assertEquals("Your role does not allow this request.", byRole.detail());
        Problem byCaller = mapper.problemFor(new CallerNotAllowedException("only your own"));
        assertEquals(Problem.TYPE_PREFIX + "forbidden", byCaller.type());
        assertEquals("only your own", byCaller.detail());
    }

    @Test
    void unreadableJsonNamesTheFieldButNotTheParsersWords() {
        Problem problem = mapper.problemFor(new jakarta.json.bind.JsonbException(
                "Unable to deserialize property 'shopId' because of: Internal error: Invalid token=SQUAREOPEN at "
                        + "(line no=1, column no=12, offset=11) in org.eclipse.yasson.internal.Deserializer"));
        assertEquals(400, problem.status());
        assertEquals(Problem.TYPE_PREFIX + "malformed-json", problem.type());
        assertEquals("shopId", problem.errors().get(0).field());
        assertTrue(!problem.detail().contains("yasson") && !problem.detail().contains("token"), problem.detail());
        Problem noField = mapper.problemFor(new jakarta.json.JsonException("Invalid token=EOF at (line no=1)"));
        assertEquals(List.of(), noField.errors());
        assertTrue(!noField.detail().contains("EOF"), noField.detail());
    }

    @Test
    void aRefusalThatSaysWhenToTryAgainKeepsItsRetryAfter() {
        jakarta.ws.rs.core.Response response = mapper.toResponse(
                new jakarta.ws.rs.ServiceUnavailableException("Too many live streams", 10L));
        assertEquals(503, response.getStatus());
        assertEquals("10", response.getHeaderString("Retry-After"));
        // not one of our own exceptions: our sentence, not its message
        assertEquals(ProblemExceptionMapper.sentenceFor(503), ((Problem) response.getEntity()).detail());
    }

    @Test
    void aDomainErrorKeepsItsStatus() {
        Problem problem = mapper.problemFor(new NotFoundException("order", 7));
        assertEquals(404, problem.status());
    }

    @Test
    void aFrameworksOwnMessageNeverBecomesTheDetail() {
        // RESTEasy's refusals name the request's full URL and its own codes
        var notFound = new jakarta.ws.rs.NotFoundException(
                "RESTEASY003210: Could not find resource for full path: http://127.0.0.1:8082/nothing?secret=1");
        var notAllowed = new jakarta.ws.rs.NotAllowedException("RESTEASY003650: No resource method found for PUT",
                "GET", new String[] {"POST"});
        var unsupported = new jakarta.ws.rs.NotSupportedException("RESTEASY003065: Cannot consume content type");
        for (jakarta.ws.rs.WebApplicationException framework : List.of(notFound, notAllowed, unsupported)) {
            Problem problem = mapper.problemFor(framework);
            assertEquals(framework.getResponse().getStatus(), problem.status());
            assertEquals(ProblemExceptionMapper.sentenceFor(problem.status()), problem.detail());
            assertTrue(!problem.detail().contains("RESTEASY") && !problem.detail().contains("http://"), problem.detail());
        }
        assertEquals(java.util.Set.of("GET", "POST"),
                java.util.Set.of(mapper.toResponse(notAllowed).getHeaderString("Allow").split(",\\s*")), "the Allow header is kept");
    }

    @Test
    void theMessageOfOneOfOurOwnRefusalsIsTheDetail() {
        var ours = new OwnRefusal("Too many live streams are open; try again in 10 seconds.");
        Problem problem = mapper.problemFor(ours);
        assertEquals(503, problem.status());
        assertEquals("Too many live streams are open; try again in 10 seconds.", problem.detail());
        assertEquals("10", mapper.toResponse(ours).getHeaderString("Retry-After"));
    }

    /** A refusal of this project's own, as a service defines one. */
    static final class OwnRefusal extends jakarta.ws.rs.ServiceUnavailableException {
        private static final long serialVersionUID = 1L;

        OwnRefusal(String message) {
            super(message, 10L);
        }
    }
}
