//! The agency reports on a large organization: 5,000 people, 200 courses, 20,000 enrolments,
//! survey and follow-up responses and 25,000 assessments, seeded straight into the database.

use std::time::Instant;

use chrono::Utc;
use latih_courses::entity::{course, enrollment};
use latih_courses::model::{CompetencyType, CourseStatus, Delivery, EnrollmentStatus, Visibility};
use latih_development::entity::{
    assessment, competency, evaluation_response, follow_up_response, position_requirement,
};
use latih_identity::entity::{position, unit, user};
use latih_kernel::Role;
use latih_kernel::ids::new_id;
use latih_tests::TestApp;
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, Set};
use uuid::Uuid;

async fn insert<A: ActiveModelTrait + Send>(db: &DatabaseConnection, rows: Vec<A>) -> Result<(), DbErr>
where
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(500).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec(db).await?;
    }
    Ok(())
}

async fn seed(app: &TestApp, org: Uuid, people: usize, courses: usize) -> Result<(), DbErr> {
    let db = &app.db;
    let now = Utc::now();
    let units: Vec<Uuid> = (0..10).map(|_| new_id()).collect();
    insert(
        db,
        units
            .iter()
            .enumerate()
            .map(|(n, id)| unit::ActiveModel {
                id: Set(*id),
                organization_id: Set(org),
                parent_id: Set(None),
                name: Set(format!("Bidang {n}")),
                code: Set(Some(format!("B{n}"))),
                created_at: Set(now),
            })
            .collect(),
    )
    .await?;
    let competencies: Vec<Uuid> = (0..20).map(|_| new_id()).collect();
    insert(
        db,
        competencies
            .iter()
            .enumerate()
            .map(|(n, id)| competency::ActiveModel {
                id: Set(*id),
                organization_id: Set(Some(org)),
                code: Set(format!("K-{n:02}")),
                name: Set(format!("Kompetensi {n}")),
                kind: Set(CompetencyType::Technical),
                description: Set(String::new()),
                levels: Set("[]".to_owned()),
                created_at: Set(now),
            })
            .collect(),
    )
    .await?;
    let positions: Vec<Uuid> = (0..50).map(|_| new_id()).collect();
    insert(
        db,
        positions
            .iter()
            .enumerate()
            .map(|(n, id)| position::ActiveModel {
                id: Set(*id),
                organization_id: Set(org),
                name: Set(format!("Jabatan {n}")),
                tier: Set("pelaksana".to_owned()),
                created_at: Set(now),
            })
            .collect(),
    )
    .await?;
    let mut requirements = Vec::new();
    for (n, position_id) in positions.iter().enumerate() {
        for k in 0..5 {
            requirements.push(position_requirement::ActiveModel {
                position_id: Set(*position_id),
                competency_id: Set(competencies[(n + k * 3) % competencies.len()]),
                level: Set(i32::try_from(1 + (n + k) % 5).unwrap_or(3)),
            });
        }
    }
    insert(db, requirements).await?;
    let course_ids: Vec<Uuid> = (0..courses).map(|_| new_id()).collect();
    insert(
        db,
        course_ids
            .iter()
            .enumerate()
            .map(|(n, id)| course::ActiveModel {
                id: Set(*id),
                organization_id: Set(org),
                title: Set(format!("Kursus {n:03}")),
                summary: Set(String::new()),
                description: Set(String::new()),
                jp: Set(10),
                jp_requested: Set(10),
                jp_approved_by: Set(None),
                jp_approved_at: Set(Some(now)),
                competency_type: Set(CompetencyType::Technical),
                delivery: Set(Delivery::SelfPaced),
                visibility: Set(Visibility::Organization),
                category: Set(None),
                status: Set(CourseStatus::Published),
                version: Set(1),
                search_text: Set(format!("kursus {n:03}")),
                created_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                published_at: Set(Some(now)),
                archived_at: Set(None),
            })
            .collect(),
    )
    .await?;
    let person_ids: Vec<Uuid> = (0..people).map(|_| new_id()).collect();
    insert(
        db,
        person_ids
            .iter()
            .enumerate()
            .map(|(n, id)| user::ActiveModel {
                id: Set(*id),
                organization_id: Set(Some(org)),
                unit_id: Set(Some(units[n % units.len()])),
                name: Set(format!("Pegawai {n}")),
                email: Set(format!("{}@bench.go.id", id.simple())),
                nip: Set(None),
                employment_type: Set("pns".to_owned()),
                roles: Set("learner".to_owned()),
                position: Set(None),
                rank: Set(None),
                position_id: Set(Some(positions[n % positions.len()])),
                supervisor_id: Set(None),
                password_hash: Set(None),
                is_active: Set(true),
                language: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            })
            .collect(),
    )
    .await?;
    let (mut enrollments, mut surveys, mut follow_ups, mut assessments) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (n, person) in person_ids.iter().enumerate() {
        for k in 0..4 {
            let course_id = course_ids[(n * 7 + k * 13) % course_ids.len()];
            let completed = (n + k) % 5 < 3;
            let enrollment_id = new_id();
            enrollments.push(enrollment::ActiveModel {
                id: Set(enrollment_id),
                course_id: Set(course_id),
                user_id: Set(*person),
                status: Set(if completed { EnrollmentStatus::Completed } else { EnrollmentStatus::Active }),
                due_on: Set(None),
                assigned_by: Set(None),
                enrolled_at: Set(now),
                withdrawn_at: Set(None),
                completed_at: Set(completed.then_some(now)),
                progress_percent: Set(if completed { 100 } else { 40 }),
            });
            if completed {
                let value = 1 + (n + k) % 5;
                surveys.push(evaluation_response::ActiveModel {
                    id: Set(new_id()),
                    course_id: Set(course_id),
                    user_id: Set(*person),
                    answers: Set(format!(
                        r#"[{{"item_id":"relevan","value":{value}}},{{"item_id":"saran","value":"Baik"}}]"#
                    )),
                    created_at: Set(now),
                });
                if k == 0 {
                    follow_ups.push(follow_up_response::ActiveModel {
                        id: Set(new_id()),
                        enrollment_id: Set(enrollment_id),
                        course_id: Set(course_id),
                        learner_id: Set(*person),
                        supervisor_id: Set(*person),
                        answers: Set(format!(r#"[{{"item_id":"terapan","value":{value}}}]"#)),
                        created_at: Set(now),
                    });
                }
            }
        }
        for k in 0..5 {
            assessments.push(assessment::ActiveModel {
                id: Set(new_id()),
                user_id: Set(*person),
                competency_id: Set(competencies[(n + k * 3) % competencies.len()]),
                level: Set(i32::try_from(1 + (n * 3 + k) % 5).unwrap_or(2)),
                method: Set(["self", "supervisor", "assessment_center"][k % 3].to_owned()),
                assessed_on: Set(now.date_naive()),
                assessed_by: Set(*person),
                created_at: Set(now),
            });
        }
    }
    insert(db, enrollments).await?;
    insert(db, surveys).await?;
    insert(db, follow_ups).await?;
    insert(db, assessments).await
}

/// Times both reports over 20 runs each and counts their statements.
pub async fn reports(people: usize, courses: usize) {
    let app = TestApp::new().await;
    let org = app.organization("BESAR", "Asia/Jakarta").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let started = Instant::now();
    if let Err(error) = seed(&app, org, people, courses).await {
        eprintln!("seeding failed: {error}");
        return;
    }
    println!("seeded {people} people and {courses} courses in {:.1} s", started.elapsed().as_secs_f64());
    for (name, path) in [
        ("course report", format!("/api/v1/reports/courses?organization_id={org}")),
        ("competency-gap report", format!("/api/v1/reports/competency-gaps?organization_id={org}")),
    ] {
        let mut timings = Vec::new();
        for _ in 0..20 {
            let started = Instant::now();
            let ok = app.get(&path, &admin.token).send().await.is_ok_and(|r| r.status().is_success());
            if !ok {
                eprintln!("{name} failed");
                return;
            }
            timings.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        timings.sort_by(f64::total_cmp);
        let (p50, max) = (timings[timings.len() / 2], timings[timings.len() - 1]);
        let (queries, _) = app.count_queries(app.get(&path, &admin.token)).await;
        println!("{name} on {}: p50 {p50:.0} ms, max {max:.0} ms, {queries} statements", super::database());
    }
}
