//! The competency dictionary: national entries kept by platform admins, and each agency's own
//! (usually technical) competencies kept by its org admins. Everyone signed in reads the national
//! entries and their own organization's.

use std::collections::{BTreeSet, HashMap};

use latih_identity::model::required_text;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::{PageQuery, take_page};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page, Role, search};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::dto::{CompetencyDto, CompetencyFilter, CompetencyLevel, CreateCompetency, LevelDescription};
use crate::entity::competency;
use crate::model::LEVELS;

pub fn to_dto(m: competency::Model) -> CompetencyDto {
    CompetencyDto {
        levels: serde_json::from_str(&m.levels).unwrap_or_default(),
        id: m.id,
        organization_id: m.organization_id,
        code: m.code,
        name: m.name,
        kind: m.kind,
        description: m.description,
        created_at: m.created_at,
    }
}

/// The dictionary an organization works with: national entries and its own.
pub fn usable_by(organization_id: Option<Uuid>) -> Condition {
    let national = Condition::all().add(competency::Column::OrganizationId.is_null());
    match organization_id {
        Some(org) => Condition::any().add(national).add(competency::Column::OrganizationId.eq(org)),
        None => national,
    }
}

fn check_levels(levels: &[LevelDescription], errors: &mut FieldErrors) {
    let given: BTreeSet<i32> = levels.iter().map(|l| l.level).collect();
    if levels.len() != 5 || given != LEVELS.collect() {
        errors.add(
            "levels",
            "levels_1_to_5",
            Msg::new(
                "Tepat satu uraian untuk setiap level 1 sampai 5.",
                "Exactly one description for each level 1 to 5.",
            ),
        );
    }
    for (i, level) in levels.iter().enumerate() {
        errors.check(&format!("levels[{i}].description"), required_text(&level.description, 2000));
    }
}

pub async fn create(
    db: &impl ConnectionTrait,
    clock: &Clock,
    actor: &AuthUser,
    input: CreateCompetency,
) -> ApiResult<CompetencyDto> {
    // Platform admins keep the national dictionary; org admins their organization's own.
    let organization_id = if actor.is_platform_admin() {
        None
    } else {
        actor.require_any(&[Role::OrgAdmin])?;
        Some(actor.organization_id.ok_or_else(ApiError::forbidden)?)
    };
    let mut errors = FieldErrors::new();
    let code = errors.check("code", required_text(&input.code, 40)).map(|c| c.to_uppercase());
    let name = errors.check("name", required_text(&input.name, 200));
    if input.description.chars().count() > 5000 {
        errors.add("description", "too_long", Msg::new("Paling banyak 5000 karakter.", "At most 5000 characters."));
    }
    check_levels(&input.levels, &mut errors);
    errors.finish()?;
    let (Some(code), Some(name)) = (code, name) else {
        return Err(ApiError::internal(anyhow::anyhow!("validated fields missing")));
    };
    // A national code joins every organization's dictionary, so it must be free in all of them.
    let mut taken = competency::Entity::find().filter(competency::Column::Code.eq(code.clone()));
    if organization_id.is_some() {
        taken = taken.filter(usable_by(organization_id));
    }
    let taken = taken.one(db).await?;
    if taken.is_some() {
        return Err(ApiError::taken("code"));
    }
    let mut levels = input.levels;
    levels.sort_by_key(|l| l.level);
    for level in &mut levels {
        level.description = level.description.trim().to_owned();
    }
    let saved = competency::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(organization_id),
        code: Set(code),
        name: Set(name),
        kind: Set(input.kind),
        description: Set(input.description.trim().to_owned()),
        levels: Set(serde_json::to_string(&levels).map_err(ApiError::internal)?),
        created_at: Set(clock.now()),
    }
    .insert(db)
    .await?;
    Ok(to_dto(saved))
}

/// The national entries and the caller's organization's (platform admins: every entry), by code.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    filter: &CompetencyFilter,
    page: &PageQuery,
) -> ApiResult<Page<CompetencyDto>> {
    let limit = page.limit()?;
    let mut query = competency::Entity::find();
    if !actor.is_platform_admin() {
        query = query.filter(usable_by(actor.organization_id));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(competency::Column::Kind.eq(kind));
    }
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        let pattern = search::contains(q);
        query = query.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(competency::Column::Code))).like(pattern.clone()))
                .add(Expr::expr(Func::lower(Expr::col(competency::Column::Name))).like(pattern)),
        );
    }
    if let Some((code, id)) = page.after::<(String, Uuid)>()? {
        query = query.filter(
            Condition::any()
                .add(competency::Column::Code.gt(code.clone()))
                .add(Condition::all().add(competency::Column::Code.eq(code)).add(competency::Column::Id.gt(id))),
        );
    }
    let rows = query
        .order_by_asc(competency::Column::Code)
        .order_by_asc(competency::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let (rows, next_cursor) = take_page(rows, limit, |c| (c.code.clone(), c.id));
    Ok(Page { items: rows.into_iter().map(to_dto).collect(), next_cursor })
}

/// Checks a list of competency levels against the dictionary `organization_id` may use: known
/// entries, levels 1 to 5, each competency once. Answers the entries by id.
pub async fn check_items(
    db: &impl ConnectionTrait,
    organization_id: Option<Uuid>,
    field: &str,
    items: &[CompetencyLevel],
    errors: &mut FieldErrors,
) -> ApiResult<HashMap<Uuid, competency::Model>> {
    if items.len() > 200 {
        errors.add(field, "too_many", Msg::new("Paling banyak 200.", "At most 200."));
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = items.iter().map(|i| i.competency_id).collect();
    let known: HashMap<Uuid, competency::Model> = competency::Entity::find()
        .filter(usable_by(organization_id))
        .filter(competency::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut seen = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        if !known.contains_key(&item.competency_id) {
            errors.add(
                format!("{field}[{i}].competency_id"),
                "not_found",
                Msg::new("Kompetensi tidak ada di kamus Anda.", "No such competency in your dictionary."),
            );
        } else if !seen.insert(item.competency_id) {
            errors.add(
                format!("{field}[{i}].competency_id"),
                "duplicate",
                Msg::new("Kompetensi ini sudah disebut.", "This competency is listed twice."),
            );
        }
        if !LEVELS.contains(&item.level) {
            errors.add(
                format!("{field}[{i}].level"),
                "out_of_range",
                Msg::new("Level antara 1 dan 5.", "level is between 1 and 5."),
            );
        }
    }
    Ok(known)
}
