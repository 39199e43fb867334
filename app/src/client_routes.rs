//! The addresses the single-page app answers, as patterns (`:id` is one path segment). The server
//! sends the app shell for these with 200 and for every other address with 404, so a mistyped or
//! stale link is a real "not found" to browsers, crawlers and monitors. Keep in step with the
//! `<Routes>` of `shell.rs`; `shell_routes_are_listed` below checks that they are.
pub const CLIENT_ROUTES: &[&str] = &[
    "/",
    "/register",
    "/login",
    "/forgot",
    "/account",
    "/account/password",
    "/identity",
    "/recover/appeal",
    "/applications",
    "/applications/:id",
    "/review",
    "/review/:id",
    "/exams",
    "/exams/:id/confirm",
    "/exams/:id/wait",
    "/attempts/:id",
    "/attempts/:id/result",
    "/exam-admin",
    "/certificates",
    "/verify/:serial",
    "/admission/:ticket_no",
    "/exam-admin/attempts/:id",
    "/support/identity",
    "/support/appeals",
    "/support",
    "/support/outbox",
    "/support/audit",
    "/orgs/register",
    "/orgs/manage",
    "/orgs/mine",
    "/orgs/:id/staff",
    "/units/queue",
    "/admin/units",
    "/org-account",
    "/org-recover",
    "/org-appeal",
    "/support/orgs",
    "/admin/sso",
    "/training",
    "/registration",
    "/registration/:id",
    "/tickets",
    "/tickets/:id",
    "/me/notifications",
    "/admin",
    "/admin/list/:kind",
    "/admin/config",
    "/admin/notices",
    "/admin/policies",
    "/policies/:kind",
    "/downloads",
    "/guides",
];

/// Whether the app has a page at `path` (a trailing slash is ignored).
pub fn is_client_route(path: &str) -> bool {
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    let segments: Vec<&str> = path.split('/').collect();
    CLIENT_ROUTES.iter().any(|pattern| {
        let parts: Vec<&str> = pattern.split('/').collect();
        parts.len() == segments.len()
            && parts.iter().zip(&segments).all(|(p, s)| if p.starts_with(':') { !s.is_empty() } else { p == s })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_pages_match_and_others_do_not() {
        assert!(is_client_route("/"));
        assert!(is_client_route("/attempts/12"));
        assert!(is_client_route("/attempts/12/result"));
        assert!(is_client_route("/review/"));
        assert!(!is_client_route("/no-such-page"));
        assert!(!is_client_route("/attempts"));
        assert!(!is_client_route("/attempts/12/other"));
        assert!(!is_client_route("/attempts//result"));
    }

    #[test]
    fn shell_routes_are_listed() {
        let shell = include_str!("shell.rs");
        let in_shell: Vec<&str> = shell.split("path!(\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        assert!(!in_shell.is_empty());
        let mut listed: Vec<&str> = CLIENT_ROUTES.to_vec();
        let mut routed = in_shell.clone();
        listed.sort_unstable();
        routed.sort_unstable();
        assert_eq!(listed, routed, "CLIENT_ROUTES and the <Routes> of shell.rs differ");
    }
}
