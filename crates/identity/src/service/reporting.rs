//! A person's place in the organization's structure: their position and their supervisor
//! (atasan). Both must be of the person's organization, and following supervisors upward from
//! anyone must never come back to them.

use std::collections::HashMap;

use latih_kernel::{ApiResult, FieldErrors, Msg};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::entity::{position, user};

/// Checks `position_id` belongs to `organization_id`.
pub async fn check_position(
    db: &impl ConnectionTrait,
    position_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    errors: &mut FieldErrors,
) -> ApiResult<()> {
    let Some(position_id) = position_id else {
        return Ok(());
    };
    let found = position::Entity::find_by_id(position_id).one(db).await?;
    if found.is_none_or(|p| Some(p.organization_id) != organization_id) {
        errors.add(
            "position_id",
            "not_in_organization",
            Msg::new(
                "Jabatan tidak ada di organisasi orang ini.",
                "The position is not in this person's organization.",
            ),
        );
    }
    Ok(())
}

/// Checks that `supervisor_id` is someone else of `organization_id` and that making them
/// `person_id`'s supervisor closes no loop. One query: the organization's reporting lines.
pub async fn check_supervisor(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    supervisor_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    errors: &mut FieldErrors,
) -> ApiResult<()> {
    let (Some(supervisor_id), Some(organization_id)) = (supervisor_id, organization_id) else {
        if supervisor_id.is_some() {
            errors.add("supervisor_id", "not_in_organization", not_in_organization());
        }
        return Ok(());
    };
    let lines: HashMap<Uuid, Option<Uuid>> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::SupervisorId)
        .filter(user::Column::OrganizationId.eq(organization_id))
        .into_tuple::<(Uuid, Option<Uuid>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    if !lines.contains_key(&supervisor_id) {
        errors.add("supervisor_id", "not_in_organization", not_in_organization());
    } else if closes_loop(&lines, person_id, supervisor_id) {
        errors.add(
            "supervisor_id",
            "cycle",
            Msg::new(
                "Atasan ini berada di bawah orang tersebut.",
                "This supervisor reports, directly or not, to the person.",
            ),
        );
    }
    Ok(())
}

fn not_in_organization() -> Msg {
    Msg::new("Atasan tidak ada di organisasi orang ini.", "The supervisor is not in this person's organization.")
}

/// Whether walking up from `supervisor_id` reaches `person_id` (or any loop already stored).
fn closes_loop(lines: &HashMap<Uuid, Option<Uuid>>, person_id: Uuid, supervisor_id: Uuid) -> bool {
    let mut current = Some(supervisor_id);
    let mut steps = 0;
    while let Some(id) = current {
        if id == person_id || steps > lines.len() {
            return true;
        }
        steps += 1;
        current = lines.get(&id).copied().flatten();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_upward_is_fine_and_a_loop_is_not() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        // c reports to b, b reports to a.
        let lines = HashMap::from([(a, None), (b, Some(a)), (c, Some(b))]);
        assert!(!closes_loop(&lines, c, b));
        assert!(closes_loop(&lines, a, c), "a under c while c is under a");
        assert!(closes_loop(&lines, a, a), "nobody supervises themselves");
    }
}
