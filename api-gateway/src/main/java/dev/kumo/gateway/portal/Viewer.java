package dev.kumo.gateway.portal;

import dev.kumo.gateway.identity.Caller;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is looking at the portal, as its pages need it: the same {@link Caller} the API uses (from the session's
 * access token), with the project's name for the header. What a page shows follows it; what a request may do is
 * decided again on the server by the API's own code paths.
 */
public record Viewer(String userName, String projectId, String projectName, boolean admin, boolean canChange) {

    public static Viewer of(Caller caller, JsonWebToken token) {
        Object name = token.getClaim("project_name");
        String projectName = name instanceof JsonString s ? s.getString() : name == null ? null : name.toString();
        String projectId = caller.projectId();
        return new Viewer(caller.userName(), projectId, projectName == null ? projectId : projectName,
                caller.isAdmin(), caller.canChange());
    }
}
