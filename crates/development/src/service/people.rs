//! Who the caller is to a person whose development is at stake: the person, their supervisor,
//! an admin of their organization, or nobody (404, so strangers learn nothing).

use latih_identity::entity::user;
use latih_kernel::{ApiError, ApiResult, AuthUser};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Themselves,
    Supervisor,
    OrgAdmin,
}

/// The person and how the caller stands to them. Being their own supervisor is impossible, and
/// a supervisor who is also an org admin acts as supervisor.
pub async fn standing(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    person_id: Uuid,
) -> ApiResult<(user::Model, Standing)> {
    let person = user::Entity::find_by_id(person_id).one(db).await?.ok_or_else(ApiError::not_found)?;
    let standing = if person.id == actor.id {
        Standing::Themselves
    } else if person.supervisor_id == Some(actor.id) {
        Standing::Supervisor
    } else if person.organization_id.is_some_and(|org| actor.administers(org)) {
        Standing::OrgAdmin
    } else {
        return Err(ApiError::not_found());
    };
    Ok((person, standing))
}
