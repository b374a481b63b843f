//! The yearly JP compliance report of an organization: per unit, and everyone below target.
//! Three queries whatever the organization's size: its people, its units, and the year's JP
//! summed per person.

use std::collections::HashMap;

use chrono::Datelike;
use latih_identity::entity::{organization, unit, user};
use latih_kernel::{ApiError, ApiResult, AuthUser, Clock, Role};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::dto::{BelowTarget, JpReport, UnitRow};
use crate::entity::jp_entry;
use crate::model::JP_TARGET;
use crate::service::ledger::check_year;

#[derive(Debug, FromQueryResult)]
struct Earned {
    user_id: Uuid,
    total: i64,
}

fn percent(part: u32, whole: u32) -> f64 {
    if whole == 0 { 0.0 } else { (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0 }
}

/// The organization an admin reports on: theirs unless named; 403 for non-admins, 404 for an
/// organization they do not administer. Every agency report starts here.
pub async fn reported_organization(
    db: &DatabaseConnection,
    actor: &AuthUser,
    organization_id: Option<Uuid>,
) -> ApiResult<organization::Model> {
    actor.require_any(&[Role::OrgAdmin, Role::PlatformAdmin])?;
    let organization_id = organization_id.or(actor.organization_id).ok_or_else(ApiError::not_found)?;
    if !actor.administers(organization_id) {
        return Err(ApiError::not_found());
    }
    organization::Entity::find_by_id(organization_id).one(db).await?.ok_or_else(ApiError::not_found)
}

pub async fn jp_report(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    organization_id: Option<Uuid>,
    year: Option<i32>,
) -> ApiResult<JpReport> {
    let org = reported_organization(db, actor, organization_id).await?;
    let year = match year {
        Some(year) => check_year(year)?,
        None => clock.today_in(&org.timezone).year(),
    };
    let people = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org.id))
        .filter(user::Column::IsActive.eq(true))
        .filter(Expr::cust("(',' || roles || ',') LIKE '%,learner,%'"))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?;
    let units = unit::Entity::find().filter(unit::Column::OrganizationId.eq(org.id)).all(db).await?;
    let earned: HashMap<Uuid, i64> = jp_entry::Entity::find()
        .select_only()
        .column(jp_entry::Column::UserId)
        .column_as(jp_entry::Column::Jp.sum(), "total")
        .filter(jp_entry::Column::OrganizationId.eq(org.id))
        .filter(jp_entry::Column::Year.eq(year))
        .group_by(jp_entry::Column::UserId)
        .into_model::<Earned>()
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.user_id, e.total))
        .collect();
    let mut by_unit: HashMap<Option<Uuid>, (u32, u32)> = HashMap::new();
    let mut below = Vec::new();
    for person in &people {
        let total = i32::try_from(earned.get(&person.id).copied().unwrap_or(0)).unwrap_or(i32::MAX);
        let row = by_unit.entry(person.unit_id).or_default();
        row.0 += 1;
        if total >= JP_TARGET {
            row.1 += 1;
        } else {
            below.push(BelowTarget {
                user_id: person.id,
                name: person.name.clone(),
                nip: person.nip.clone(),
                unit_id: person.unit_id,
                earned: total,
            });
        }
    }
    below.sort_by(|a, b| a.earned.cmp(&b.earned).then_with(|| a.name.cmp(&b.name)));
    let names: HashMap<Uuid, String> = units.into_iter().map(|u| (u.id, u.name)).collect();
    let mut rows: Vec<UnitRow> = by_unit
        .into_iter()
        .map(|(unit_id, (learners, compliant))| UnitRow {
            unit_name: unit_id.and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| "(tanpa unit)".to_owned()),
            unit_id,
            learners,
            compliant,
            percent: percent(compliant, learners),
        })
        .collect();
    rows.sort_by(|a, b| a.unit_name.cmp(&b.unit_name));
    let learners = u32::try_from(people.len()).unwrap_or(u32::MAX);
    let compliant = learners - u32::try_from(below.len()).unwrap_or(0);
    Ok(JpReport {
        organization_id: org.id,
        year,
        target: JP_TARGET,
        learners,
        compliant,
        percent: percent(compliant, learners),
        units: rows,
        below_target: below,
    })
}

/// A CSV field, quoted when needed, and defused when a spreadsheet would read it as a formula.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

/// The report as CSV lines: one per unit, then one per person below target.
pub fn csv_lines(report: &JpReport) -> Vec<String> {
    let mut lines = vec!["section,unit_id,unit_name,learners,compliant,percent,user_id,name,nip,earned".to_owned()];
    for row in &report.units {
        lines.push(format!(
            "unit,{},{},{},{},{},,,,",
            row.unit_id.map(|u| u.to_string()).unwrap_or_default(),
            csv_field(&row.unit_name),
            row.learners,
            row.compliant,
            row.percent
        ));
    }
    for person in &report.below_target {
        lines.push(format!(
            "below_target,{},,,,,{},{},{},{}",
            person.unit_id.map(|u| u.to_string()).unwrap_or_default(),
            person.user_id,
            csv_field(&person.name),
            csv_field(person.nip.as_deref().unwrap_or("")),
            person.earned
        ));
    }
    lines
}
