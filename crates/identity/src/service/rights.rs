//! Who may grant which roles, and who may edit whom. The rule: only someone who could grant
//! every role a person holds may change them, so an org admin never edits a platform admin.

use latih_kernel::{ApiError, ApiResult, AuthUser, Role, Roles};

use crate::dto::UpdateUser;
use crate::entity::user;

/// Whether `actor` may hand out (and take away) `role`: a platform admin any role, an org
/// admin every role but `platform_admin`, nobody else any.
fn grantable(actor: &AuthUser, role: Role) -> bool {
    actor.is_platform_admin() || (actor.has(Role::OrgAdmin) && role != Role::PlatformAdmin)
}

/// 403 unless `actor` may grant every role added or taken away.
pub(crate) fn check_grant(actor: &AuthUser, before: &Roles, after: &Roles) -> ApiResult<()> {
    let mut changed = Role::ALL.into_iter().filter(|r| before.contains(*r) != after.contains(*r));
    if changed.all(|r| grantable(actor, r)) { Ok(()) } else { Err(ApiError::forbidden()) }
}

/// Who may edit whom, once `actor` administers the target's organization: only someone who
/// could grant every role the target holds (so an org admin never edits a platform admin);
/// and nobody changes their own roles, active flag, e-mail or password here (the password
/// has `/me/password`, which asks for the current one).
pub(crate) fn check_edit(actor: &AuthUser, target: &user::Model, input: &UpdateUser, roles: &Roles) -> ApiResult<()> {
    let held = Roles::from_column(&target.roles);
    if !held.as_slice().iter().all(|r| grantable(actor, *r)) {
        return Err(ApiError::forbidden());
    }
    if target.id == actor.id {
        let email_changes = input.email.as_deref().is_some_and(|e| e.trim().to_lowercase() != target.email);
        let active_changes = input.is_active.is_some_and(|a| a != target.is_active);
        if *roles != held || active_changes || email_changes || input.password.is_some() {
            return Err(ApiError::forbidden());
        }
    }
    check_grant(actor, &held, roles)
}
