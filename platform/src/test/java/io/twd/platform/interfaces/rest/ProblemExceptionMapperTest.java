package io.twd.platform.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twd.platform.domain.NotFoundException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

class ProblemExceptionMapperTest {

    private final ProblemExceptionMapper mapper = new ProblemExceptionMapper();

    @Test
    void aHeuristicCommitTellsTheClientThatTheOutcomeIsUnknown() {
        Problem problem = mapper.problemFor(new TransactionalException("commit failed",
                new RuntimeException(new HeuristicMixedException("broker branch not committed"))));
        assertEquals(500, problem.status());
        assertEquals(Problem.TYPE_PREFIX + "outcome-unknown", problem.type());
        assertTrue(problem.detail().contains("may have been applied"), problem.detail());
    }

    @Test
    void anyOtherErrorSaysNothingWasApplied() {
        Problem problem = mapper.problemFor(new IllegalStateException("boom"));
        assertEquals(500, problem.status());
        assertEquals(Problem.TYPE_PREFIX + "internal-error", problem.type());
        assertTrue(problem.detail().contains("not applied"), problem.detail());
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
    void aDomainErrorKeepsItsStatus() {
        Problem problem = mapper.problemFor(new NotFoundException("order", 7));
        assertEquals(404, problem.status());
    }
}
