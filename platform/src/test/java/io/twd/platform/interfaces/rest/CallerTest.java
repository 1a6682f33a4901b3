package io.twd.platform.interfaces.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static final Caller KIM = new Caller("kim", "kim@example.com", Set.of(Roles.CUSTOMER));
    private static final Caller STAFF = new Caller("staff", null, Set.of(Roles.STAFF));
    private static final Caller MANAGER = new Caller("manager", null, Set.of(Roles.MANAGER));

    @Test
    void aCustomerReachesOnlyTheirOwn() {
        assertTrue(KIM.mayAccess("kim"));
        assertFalse(KIM.mayAccess("lee"));
        assertFalse(KIM.mayAccess(null));
        assertFalse(KIM.readsEveryone());
    }

    @Test
    void staffAndManagersReachEveryone() {
        for (Caller reader : new Caller[] {STAFF, MANAGER}) {
            assertTrue(reader.readsEveryone());
            assertTrue(reader.mayAccess("lee"));
            assertTrue(reader.mayAccess(null));
        }
    }

    @Test
    void aCustomersListIsTheirOwnAndNamingAnotherIsRefused() {
        assertEquals("kim", KIM.customerFilter(null));
        assertEquals("kim", KIM.customerFilter("kim"));
        assertThrows(CallerNotAllowedException.class, () -> KIM.customerFilter("lee"));
        assertNull(STAFF.customerFilter(null));
        assertEquals("lee", MANAGER.customerFilter("lee"));
    }

    @Test
    void readsTheNameVerifiedEmailAndRolesOfTheToken() {
        Caller caller = Caller.of(context(token("kim", Map.of("email", "kim@example.com", "email_verified", true),
                Set.of("customer"))));
        assertEquals(KIM, caller);
        assertEquals(KIM, Caller.of(context(token("kim", Map.of("email", "kim@example.com",
                "email_verified", jakarta.json.JsonValue.TRUE), Set.of("customer")))));
        // an address the provider did not verify is no address to send to
        assertNull(Caller.of(context(token("kim", Map.of("email", "kim@example.com", "email_verified", false),
                Set.of("customer")))).email());
        assertNull(Caller.of(context(token("kim", Map.of("email", "kim@example.com"), Set.of("customer")))).email());
        Caller noEmail = Caller.of(context(token("staff", Map.of(), Set.of("staff"))));
        assertNull(noEmail.email());
        assertEquals(Set.of(Roles.STAFF), noEmail.roles());
    }

    @Test
    void aRequestWithoutATokenHasNoCaller() {
        assertThrows(NotAuthorizedException.class, () -> Caller.of(context(null)));
        Principal notAToken = () -> "kim";
        assertThrows(NotAuthorizedException.class, () -> Caller.of(context(notAToken)));
    }

    private static JsonWebToken token(String upn, Map<String, Object> claims, Set<String> groups) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return upn;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }

            @Override
            public Set<String> getGroups() {
                return groups;
            }
        };
    }

    private static SecurityContext context(Principal principal) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return "MP-JWT";
            }
        };
    }
}
