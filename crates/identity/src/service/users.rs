//! People: created and edited by org admins inside their own organization (and by platform
//! admins anywhere), read by themselves.

use chrono::NaiveDate;
use latih_kernel::ids::new_id;
use latih_kernel::pagination::PageQuery;
use latih_kernel::search;
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, FieldErrors, Msg, Page, Role, Roles};
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::dto::{CreateUser, UpdateUser, UserDto, UserFilter};
use crate::entity::{unit, user};
use crate::model::{Email, EmploymentType, Nip, Rank, required_text};
use crate::password::{Passwords, check_new_password};
use crate::service::auth::revoke_all;
use crate::service::reporting;
use crate::service::rights::{check_edit, check_grant};

/// The raw personal fields of a create, an update merged over what is stored, or a CSV line.
pub struct PersonInput<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub employment: EmploymentType,
    pub nip: Option<&'a str>,
    pub position: Option<&'a str>,
    pub rank: Option<&'a str>,
}

/// The same fields, validated and normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
    pub employment: EmploymentType,
    pub nip: Option<String>,
    pub position: Option<String>,
    pub rank: Option<String>,
}

fn blank_to_none(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// Validates a person's fields, recording every problem in `errors`.
pub fn validate_person(input: &PersonInput<'_>, today: NaiveDate, errors: &mut FieldErrors) -> Option<Person> {
    let name = errors.check("name", required_text(input.name, 200));
    let email = errors.check("email", Email::parse(input.email));
    let nip = match blank_to_none(input.nip) {
        Some(raw) => errors.check("nip", Nip::parse(raw, input.employment, today)).map(|n| Some(n.into_inner())),
        None if input.employment == EmploymentType::NonAsn => Some(None),
        None => {
            errors.add("nip", "required", Msg::new("NIP wajib untuk PNS dan PPPK.", "PNS and PPPK need a NIP."));
            None
        }
    };
    let rank = match blank_to_none(input.rank) {
        Some(raw) => errors.check("rank", Rank::parse(raw, input.employment)).map(|r| Some(r.into_inner())),
        None => Some(None),
    };
    let position = match blank_to_none(input.position) {
        Some(raw) => errors.check("position", required_text(raw, 200)).map(Some),
        None => Some(None),
    };
    Some(Person {
        name: name?,
        email: email?.into_inner(),
        employment: input.employment,
        nip: nip?,
        position: position?,
        rank: rank?,
    })
}

/// 409 when the e-mail or NIP belongs to someone other than `except`.
pub async fn check_unique(db: &impl ConnectionTrait, person: &Person, except: Option<Uuid>) -> ApiResult<()> {
    let mut same = Condition::any().add(user::Column::Email.eq(&person.email));
    if let Some(nip) = &person.nip {
        same = same.add(user::Column::Nip.eq(nip));
    }
    let mut query = user::Entity::find().filter(same);
    if let Some(id) = except {
        query = query.filter(user::Column::Id.ne(id));
    }
    match query.one(db).await? {
        Some(other) if other.email == person.email => Err(ApiError::taken("email")),
        Some(_) => Err(ApiError::taken("nip")),
        None => Ok(()),
    }
}

async fn check_unit(
    db: &impl ConnectionTrait,
    unit_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    errors: &mut FieldErrors,
) -> ApiResult<()> {
    let Some(unit_id) = unit_id else {
        return Ok(());
    };
    let found = unit::Entity::find_by_id(unit_id).one(db).await?;
    if found.is_none_or(|u| Some(u.organization_id) != organization_id) {
        errors.add(
            "unit_id",
            "not_in_organization",
            Msg::new("Unit tidak ada di organisasi orang ini.", "The unit is not in this person's organization."),
        );
    }
    Ok(())
}

fn invalid_internal() -> ApiError {
    ApiError::internal(anyhow::anyhow!("validated fields missing"))
}

pub async fn create(
    db: &impl ConnectionTrait,
    clock: &Clock,
    passwords: &Passwords,
    actor: &AuthUser,
    input: CreateUser,
) -> ApiResult<UserDto> {
    actor.require_any(&[Role::OrgAdmin, Role::PlatformAdmin])?;
    let roles = Roles::new(input.roles.clone().unwrap_or_else(|| vec![Role::Learner]));
    check_grant(actor, &Roles::default(), &roles)?;
    let organization_id =
        input.organization_id.or(if actor.is_platform_admin() { None } else { actor.organization_id });
    if organization_id.is_some_and(|org| !actor.administers(org)) {
        return Err(ApiError::not_found());
    }
    let mut errors = FieldErrors::new();
    let person = validate_person(
        &PersonInput {
            name: &input.name,
            email: &input.email,
            employment: input.employment_type,
            nip: input.nip.as_deref(),
            position: input.position.as_deref(),
            rank: input.rank.as_deref(),
        },
        clock.now().date_naive(),
        &mut errors,
    );
    if organization_id.is_none() && !roles.contains(Role::PlatformAdmin) {
        errors.add("organization_id", "required", Msg::new("Wajib diisi.", "Required."));
    }
    if roles.is_empty() {
        errors.add("roles", "required", Msg::new("Paling sedikit satu peran.", "At least one role."));
    }
    if let Some(password) = &input.password {
        errors.check("password", check_new_password(password));
    }
    check_unit(db, input.unit_id, organization_id, &mut errors).await?;
    errors.finish()?;
    let person = person.ok_or_else(invalid_internal)?;
    check_unique(db, &person, None).await?;
    let password_hash = match input.password {
        Some(password) => Some(passwords.hash(password).await?),
        None => None,
    };
    let now = clock.now();
    let model = user::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(organization_id),
        unit_id: Set(input.unit_id),
        name: Set(person.name),
        email: Set(person.email),
        nip: Set(person.nip),
        employment_type: Set(person.employment.as_str().to_owned()),
        roles: Set(roles.to_column()),
        position: Set(person.position),
        rank: Set(person.rank),
        position_id: Set(None),
        supervisor_id: Set(None),
        password_hash: Set(password_hash),
        is_active: Set(true),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(model.into())
}

/// Whether `actor` administers the organization `target` belongs to.
fn administers_person(actor: &AuthUser, target: &user::Model) -> bool {
    match target.organization_id {
        Some(org) => actor.administers(org),
        None => actor.is_platform_admin(),
    }
}

/// A person the caller may read: themselves, or someone of an organization they administer.
pub async fn get(db: &impl ConnectionTrait, actor: &AuthUser, id: Uuid) -> ApiResult<UserDto> {
    let target = user::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if target.id == actor.id || administers_person(actor, &target) {
        Ok(target.into())
    } else {
        Err(ApiError::not_found())
    }
}

pub async fn update(
    db: &impl ConnectionTrait,
    clock: &Clock,
    passwords: &Passwords,
    actor: &AuthUser,
    id: Uuid,
    input: UpdateUser,
) -> ApiResult<UserDto> {
    let target = user::Entity::find_by_id(id).one(db).await?.ok_or_else(ApiError::not_found)?;
    if !administers_person(actor, &target) {
        return Err(if target.id == actor.id { ApiError::forbidden() } else { ApiError::not_found() });
    }
    let roles = input.roles.clone().map(Roles::new).unwrap_or_else(|| Roles::from_column(&target.roles));
    check_edit(actor, &target, &input, &roles)?;
    let organization_id = match input.organization_id {
        Some(org) if Some(org) != target.organization_id => {
            if !actor.is_platform_admin() {
                return Err(ApiError::forbidden());
            }
            Some(org)
        }
        _ => target.organization_id,
    };
    let employment = input.employment_type.unwrap_or_else(|| EmploymentType::from_column(&target.employment_type));
    let nip = input.nip.clone().unwrap_or_else(|| target.nip.clone());
    let position = input.position.clone().unwrap_or_else(|| target.position.clone());
    let rank = input.rank.clone().unwrap_or_else(|| target.rank.clone());
    let mut errors = FieldErrors::new();
    let person = validate_person(
        &PersonInput {
            name: input.name.as_deref().unwrap_or(&target.name),
            email: input.email.as_deref().unwrap_or(&target.email),
            employment,
            nip: nip.as_deref(),
            position: position.as_deref(),
            rank: rank.as_deref(),
        },
        clock.now().date_naive(),
        &mut errors,
    );
    if roles.is_empty() {
        errors.add("roles", "required", Msg::new("Paling sedikit satu peran.", "At least one role."));
    }
    if let Some(password) = &input.password {
        errors.check("password", check_new_password(password));
    }
    let unit_id = match input.unit_id {
        Some(unit_id) => unit_id,
        None if organization_id != target.organization_id => None,
        None => target.unit_id,
    };
    if input.unit_id.is_some() {
        check_unit(db, unit_id, organization_id, &mut errors).await?;
    }
    let moved = organization_id != target.organization_id;
    let position_id = input.position_id.unwrap_or(if moved { None } else { target.position_id });
    let supervisor_id = input.supervisor_id.unwrap_or(if moved { None } else { target.supervisor_id });
    if input.position_id.is_some() {
        reporting::check_position(db, position_id, organization_id, &mut errors).await?;
    }
    if input.supervisor_id.is_some() {
        reporting::check_supervisor(db, target.id, supervisor_id, organization_id, &mut errors).await?;
    }
    errors.finish()?;
    let person = person.ok_or_else(invalid_internal)?;
    check_unique(db, &person, Some(target.id)).await?;
    let new_hash = match input.password {
        Some(password) => Some(passwords.hash(password).await?),
        None => None,
    };
    let deactivated = input.is_active == Some(false) && target.is_active;
    let mut active = target.into_active_model();
    active.organization_id = Set(organization_id);
    active.unit_id = Set(unit_id);
    active.name = Set(person.name);
    active.email = Set(person.email);
    active.nip = Set(person.nip);
    active.employment_type = Set(person.employment.as_str().to_owned());
    active.position = Set(person.position);
    active.rank = Set(person.rank);
    active.position_id = Set(position_id);
    active.supervisor_id = Set(supervisor_id);
    active.roles = Set(roles.to_column());
    if let Some(is_active) = input.is_active {
        active.is_active = Set(is_active);
    }
    if new_hash.is_some() {
        active.password_hash = Set(new_hash.clone());
    }
    active.updated_at = Set(clock.now());
    let model = active.update(db).await?;
    if moved {
        // Nobody keeps a supervisor in another organization.
        user::Entity::update_many()
            .col_expr(user::Column::SupervisorId, Expr::value(Option::<Uuid>::None))
            .filter(user::Column::SupervisorId.eq(model.id))
            .exec(db)
            .await?;
    }
    if deactivated || new_hash.is_some() {
        revoke_all(db, model.id, None, clock.now()).await?;
    }
    Ok(model.into())
}

/// People of the organizations the caller administers, by name.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    filter: &UserFilter,
    page: &PageQuery,
) -> ApiResult<Page<UserDto>> {
    actor.require_any(&[Role::OrgAdmin, Role::PlatformAdmin])?;
    let limit = page.limit()?;
    let organization_id = match (filter.organization_id, actor.is_platform_admin()) {
        (Some(org), _) if !actor.administers(org) => return Err(ApiError::not_found()),
        (Some(org), _) => Some(org),
        (None, true) => None,
        (None, false) => actor.organization_id,
    };
    let mut query = user::Entity::find();
    if let Some(org) = organization_id {
        query = query.filter(user::Column::OrganizationId.eq(org));
    }
    if let Some(unit_id) = filter.unit_id {
        query = query.filter(user::Column::UnitId.eq(unit_id));
    }
    if let Some(role) = filter.role {
        // `role` comes from a closed set of words, never from free text.
        query = query.filter(Expr::cust(format!("(',' || roles || ',') LIKE '%,{}%'", role.as_str())));
    }
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        query = query.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(user::Column::Name))).like(search::contains(q)))
                .add(user::Column::Email.like(search::contains(q)))
                .add(user::Column::Nip.like(search::contains(q))),
        );
    }
    if let Some((name, id)) = page.after::<(String, Uuid)>()? {
        query = query.filter(
            Condition::any()
                .add(user::Column::Name.gt(name.clone()))
                .add(Condition::all().add(user::Column::Name.eq(name)).add(user::Column::Id.gt(id))),
        );
    }
    let rows = query.order_by_asc(user::Column::Name).order_by_asc(user::Column::Id).limit(limit + 1).all(db).await?;
    Ok(Page::from_rows(rows, limit, |r| (r.name.clone(), r.id), UserDto::from))
}
