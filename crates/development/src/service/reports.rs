//! Agency reports for org admins: per course over a year (participation, completion, survey,
//! learning gain, follow-up) and competency gaps per competency and unit. Each runs a fixed
//! number of statements whatever the organization's size, and shows only counts and means:
//! nothing personal leaves the organization, and means of fewer than three answers are withheld.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use latih_courses::entity::{course, enrollment};
use latih_courses::model::EnrollmentStatus;
use latih_identity::entity::{unit, user};
use latih_kernel::{ApiResult, AuthUser, Clock};
use latih_progress::service::ledger::check_year;
use latih_progress::service::reports::{csv_field, reported_organization};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::dto::{Answer, CourseReport, CourseReportRow, GapReport, GapReportRow};
use crate::entity::{assessment, competency, evaluation_response, follow_up_response, position_requirement};
use crate::model::MINIMUM_RESPONDENTS;
use crate::service::gaps::current_level;

/// The instants a calendar year starts and ends in `timezone`.
fn year_bounds(year: i32, timezone: &str) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = |y: i32| {
        let date = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default().and_hms_opt(0, 0, 0).unwrap_or_default();
        match timezone.parse::<chrono_tz::Tz>() {
            Ok(tz) => {
                tz.from_local_datetime(&date).earliest().map_or_else(|| date.and_utc(), |t| t.with_timezone(&Utc))
            }
            Err(_) => date.and_utc(),
        }
    };
    (midnight(year), midnight(year + 1))
}

fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

/// Likert answers are the integer values 1 to 5; text answers are skipped.
fn likert_values(answers_json: &str) -> Vec<i64> {
    serde_json::from_str::<Vec<Answer>>(answers_json)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|a| a.value.as_i64())
        .filter(|v| (1..=5).contains(v))
        .collect()
}

/// The mean of every likert value across responses, withheld below the respondent threshold.
fn guarded_mean(responses: &[&str]) -> Option<f64> {
    if (responses.len() as u64) < MINIMUM_RESPONDENTS {
        return None;
    }
    let values: Vec<i64> = responses.iter().flat_map(|r| likert_values(r)).collect();
    (!values.is_empty()).then(|| round(values.iter().sum::<i64>() as f64 / values.len() as f64, 2))
}

/// Six statements: organization, courses, enrolments, survey responses, follow-ups, and the
/// quizzes crate's two for learning gain.
pub async fn courses(
    db: &DatabaseConnection,
    clock: &Clock,
    actor: &AuthUser,
    organization_id: Option<Uuid>,
    year: Option<i32>,
) -> ApiResult<CourseReport> {
    let org = reported_organization(db, actor, organization_id).await?;
    let year = match year {
        Some(year) => check_year(year)?,
        None => clock.today_in(&org.timezone).year(),
    };
    let (start, end) = year_bounds(year, &org.timezone);
    let courses = course::Entity::find()
        .filter(course::Column::OrganizationId.eq(org.id))
        .order_by_asc(course::Column::Title)
        .order_by_asc(course::Column::Id)
        .all(db)
        .await?;
    let of_org = || {
        Query::select()
            .column(course::Column::Id)
            .from(course::Entity)
            .and_where(course::Column::OrganizationId.eq(org.id))
            .to_owned()
    };
    let participation: HashMap<Uuid, (u64, u64)> = enrollment::Entity::find()
        .select_only()
        .column(enrollment::Column::CourseId)
        .column_as(Expr::col(enrollment::Column::Id).count(), "participants")
        .column_as(Expr::cust("SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END)"), "completed")
        .filter(enrollment::Column::CourseId.in_subquery(of_org()))
        .filter(enrollment::Column::EnrolledAt.gte(start))
        .filter(enrollment::Column::EnrolledAt.lt(end))
        .filter(enrollment::Column::Status.ne(EnrollmentStatus::Withdrawn))
        .group_by(enrollment::Column::CourseId)
        .into_tuple::<(Uuid, i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(course, all, done)| (course, (u64::try_from(all).unwrap_or(0), u64::try_from(done).unwrap_or(0))))
        .collect();
    let mut surveys: HashMap<Uuid, Vec<String>> = HashMap::new();
    for r in evaluation_response::Entity::find()
        .filter(evaluation_response::Column::CourseId.in_subquery(of_org()))
        .filter(evaluation_response::Column::CreatedAt.gte(start))
        .filter(evaluation_response::Column::CreatedAt.lt(end))
        .all(db)
        .await?
    {
        surveys.entry(r.course_id).or_default().push(r.answers);
    }
    let mut follow_ups: HashMap<Uuid, Vec<String>> = HashMap::new();
    for r in follow_up_response::Entity::find()
        .filter(follow_up_response::Column::CourseId.in_subquery(of_org()))
        .filter(follow_up_response::Column::CreatedAt.gte(start))
        .filter(follow_up_response::Column::CreatedAt.lt(end))
        .all(db)
        .await?
    {
        follow_ups.entry(r.course_id).or_default().push(r.answers);
    }
    let ids: Vec<Uuid> = courses.iter().map(|c| c.id).collect();
    let gains = latih_quizzes::service::statistics::mean_gains(db, &ids).await?;
    let rows = courses
        .into_iter()
        .map(|c| {
            let (participants, completed) = participation.get(&c.id).copied().unwrap_or_default();
            let survey: Vec<&str> =
                surveys.get(&c.id).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default();
            let follow: Vec<&str> =
                follow_ups.get(&c.id).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default();
            CourseReportRow {
                completion_rate: (participants > 0).then(|| round(completed as f64 * 100.0 / participants as f64, 1)),
                evaluation_respondents: survey.len() as u64,
                mean_evaluation: guarded_mean(&survey),
                mean_learning_gain: gains.get(&c.id).copied(),
                follow_up_respondents: follow.len() as u64,
                mean_follow_up: guarded_mean(&follow),
                participants,
                completed,
                course_id: c.id,
                title: c.title,
                jp: c.jp,
            }
        })
        .collect();
    Ok(CourseReport { organization_id: org.id, year, courses: rows })
}

/// One competency in one unit, being counted.
#[derive(Default)]
struct Cell {
    people: u64,
    assessed: u64,
    below: u64,
    gap_sum: i64,
}

/// Six statements: organization, people, requirements, assessments, competencies, units.
pub async fn gaps(db: &DatabaseConnection, actor: &AuthUser, organization_id: Option<Uuid>) -> ApiResult<GapReport> {
    let org = reported_organization(db, actor, organization_id).await?;
    let people: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::OrganizationId.eq(org.id))
        .filter(user::Column::IsActive.eq(true))
        .filter(user::Column::PositionId.is_not_null())
        .all(db)
        .await?;
    let positions: HashSet<Uuid> = people.iter().filter_map(|p| p.position_id).collect();
    let mut required: HashMap<Uuid, Vec<(Uuid, i32)>> = HashMap::new();
    for r in position_requirement::Entity::find()
        .filter(
            position_requirement::Column::PositionId.in_subquery(
                Query::select()
                    .column(latih_identity::entity::position::Column::Id)
                    .from(latih_identity::entity::position::Entity)
                    .and_where(latih_identity::entity::position::Column::OrganizationId.eq(org.id))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .filter(|r| positions.contains(&r.position_id))
    {
        required.entry(r.position_id).or_default().push((r.competency_id, r.level));
    }
    let mut assessed: HashMap<(Uuid, Uuid), Vec<assessment::Model>> = HashMap::new();
    for a in assessment::Entity::find()
        .filter(
            assessment::Column::UserId.in_subquery(
                Query::select()
                    .column(user::Column::Id)
                    .from(user::Entity)
                    .and_where(user::Column::OrganizationId.eq(org.id))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?
    {
        assessed.entry((a.user_id, a.competency_id)).or_default().push(a);
    }
    let mut cells: HashMap<(Uuid, Option<Uuid>), Cell> = HashMap::new();
    for person in &people {
        let Some(needs) = person.position_id.and_then(|p| required.get(&p)) else {
            continue;
        };
        for &(competency_id, level) in needs {
            let cell = cells.entry((competency_id, person.unit_id)).or_default();
            cell.people += 1;
            if let Some(current) = current_level(assessed.get(&(person.id, competency_id)).into_iter().flatten()) {
                let gap = Ord::max(level - current, 0);
                cell.assessed += 1;
                cell.below += u64::from(gap > 0);
                cell.gap_sum += i64::from(gap);
            }
        }
    }
    let competencies: HashMap<Uuid, competency::Model> = competency::Entity::find()
        .filter(competency::Column::Id.is_in(cells.keys().map(|(c, _)| *c).collect::<HashSet<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::OrganizationId.eq(org.id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut rows: Vec<GapReportRow> = cells
        .into_iter()
        .filter_map(|((competency_id, unit_id), Cell { people, assessed, below, gap_sum })| {
            let entry = competencies.get(&competency_id)?;
            Some(GapReportRow {
                competency_id,
                code: entry.code.clone(),
                name: entry.name.clone(),
                unit_id,
                unit_name: unit_id.and_then(|u| units.get(&u).cloned()),
                people,
                assessed,
                below_requirement: below,
                mean_gap: (assessed > 0).then(|| round(gap_sum as f64 / assessed as f64, 2)),
            })
        })
        .collect();
    rows.sort_by(|a, b| (&a.code, &a.unit_name, a.unit_id).cmp(&(&b.code, &b.unit_name, b.unit_id)));
    Ok(GapReport { organization_id: org.id, rows })
}

fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn course_csv(report: &CourseReport) -> Vec<String> {
    let mut lines = vec![
        "course_id,title,jp,participants,completed,completion_rate,evaluation_respondents,mean_evaluation,\
         mean_learning_gain,follow_up_respondents,mean_follow_up"
            .to_owned(),
    ];
    lines.extend(report.courses.iter().map(|r| {
        format!(
            "{},{},{},{},{},{},{},{},{},{},{}",
            r.course_id,
            csv_field(&r.title),
            r.jp,
            r.participants,
            r.completed,
            number(r.completion_rate),
            r.evaluation_respondents,
            number(r.mean_evaluation),
            number(r.mean_learning_gain),
            r.follow_up_respondents,
            number(r.mean_follow_up),
        )
    }));
    lines
}

pub fn gap_csv(report: &GapReport) -> Vec<String> {
    let mut lines =
        vec!["competency_id,code,name,unit_id,unit_name,people,assessed,below_requirement,mean_gap".to_owned()];
    lines.extend(report.rows.iter().map(|r| {
        format!(
            "{},{},{},{},{},{},{},{},{}",
            r.competency_id,
            csv_field(&r.code),
            csv_field(&r.name),
            r.unit_id.map(|u| u.to_string()).unwrap_or_default(),
            csv_field(r.unit_name.as_deref().unwrap_or("")),
            r.people,
            r.assessed,
            r.below_requirement,
            number(r.mean_gap),
        )
    }));
    lines
}
