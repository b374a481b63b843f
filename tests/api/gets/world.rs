//! A lived-in organization for the GET sweep, made through the API as its people would: every
//! role, a published course of several lesson kinds with a quiz (one attempt submitted, three
//! left open past their deadline), a classroom course with a session, a draft, enrolments, progress, a
//! certificate, a JP claim, a forum thread, a mentorship, competencies and gaps, a development
//! plan, a due follow-up and uploaded files, plus a second organization's admin and learner.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, send};
use reqwest::Method;
use serde_json::{Value, json};

use crate::courses::id;
use crate::media::{pdf, upload};

/// The metrics scraper's bearer token (`LATIH_METRICS_TOKEN`), not an access token.
pub const METRICS_TOKEN: &str = "metrics-scraper-token-for-the-get-sweep";

/// Who calls every GET: a name for messages and a bearer token (none for anonymous).
pub struct Caller {
    pub name: &'static str,
    pub token: Option<String>,
}

pub struct Seeded {
    pub app: TestApp,
    pub callers: Vec<Caller>,
    /// Real values for path parameters, keyed by the segment before the parameter and its name
    /// (`courses/id`, `verify/code`); each GET is called with each value.
    pub params: BTreeMap<String, Vec<String>>,
}

struct People {
    platform: TestUser,
    admin: TestUser,
    instructor: TestUser,
    learner: TestUser,
    late_learner: TestUser,
    mentor: TestUser,
    supervisor: TestUser,
    other_admin: TestUser,
    other_learner: TestUser,
}

async fn ok(app: &TestApp, method: Method, path: &str, who: &TestUser, body: Value) -> Value {
    let (status, value) = send(app.request(method.clone(), path).bearer_auth(&who.token).json(&body)).await;
    assert!(status.is_success(), "{method} {path} answered {status}: {value}");
    value
}

async fn post(app: &TestApp, path: &str, who: &TestUser, body: Value) -> Value {
    ok(app, Method::POST, path, who, body).await
}

/// Today in Kupang (WITA, UTC+8), moved by `days`.
fn day(days: i64) -> String {
    ((Utc::now() + Duration::hours(8)).date_naive() + Duration::days(days)).to_string()
}

async fn people(app: &TestApp) -> People {
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    People {
        platform: app.user(None, &[Role::PlatformAdmin]).await,
        admin: app.user(Some(kupang), &[Role::OrgAdmin]).await,
        instructor: app.user(Some(kupang), &[Role::Instructor]).await,
        learner: app.user(Some(kupang), &[Role::Learner]).await,
        late_learner: app.user(Some(kupang), &[Role::Learner]).await,
        mentor: app.user(Some(kupang), &[Role::Mentor]).await,
        supervisor: app.user(Some(kupang), &[Role::Learner, Role::Supervisor]).await,
        other_admin: app.user(Some(jayapura), &[Role::OrgAdmin]).await,
        other_learner: app.user(Some(jayapura), &[Role::Learner]).await,
    }
}

fn course_body(title: &str, delivery: &str) -> Value {
    json!({"title": title, "summary": "Standar pelayanan dan pengaduan.", "description": "Kursus **mandiri**.",
        "jp": 10, "competency_type": "sociocultural", "delivery": delivery, "visibility": "public", "tags": ["pelayanan"]})
}

pub async fn seed() -> Seeded {
    let app = TestApp::with_env(&[("LATIH_METRICS_TOKEN", METRICS_TOKEN)]).await;
    let p = people(&app).await;
    let kupang = p.admin.organization_id.expect("Kupang");
    let mut params: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut param = |key: &str, value: String| params.entry(key.to_owned()).or_default().push(value);

    // The dictionary, a position the learner holds, and who the learner reports to.
    let levels = json!([{"level": 1, "description": "Memahami"}, {"level": 2, "description": "Menerapkan"},
        {"level": 3, "description": "Mandiri"}, {"level": 4, "description": "Membimbing"}, {"level": 5, "description": "Rujukan"}]);
    let national = post(
        &app,
        "/api/v1/competencies",
        &p.platform,
        json!({"code": "MNJ-01", "name": "Integritas", "type": "managerial", "levels": levels}),
    )
    .await;
    let local = post(
        &app,
        "/api/v1/competencies",
        &p.admin,
        json!({"code": "TEK-01", "name": "Pelayanan Publik", "type": "technical", "levels": levels}),
    )
    .await;
    let position = post(
        &app,
        &format!("/api/v1/organizations/{kupang}/positions"),
        &p.admin,
        json!({"name": "Analis Pelayanan", "tier": "pelaksana", "requirements": [
            {"competency_id": id(&national), "level": 3}, {"competency_id": id(&local), "level": 4}]}),
    )
    .await;
    let unit = post(
        &app,
        &format!("/api/v1/organizations/{kupang}/units"),
        &p.admin,
        json!({"name": "Bidang Pengembangan Kompetensi", "code": "BPK"}),
    )
    .await;
    let link = json!({"position_id": id(&position), "supervisor_id": p.supervisor.id, "unit_id": id(&unit)});
    ok(&app, Method::PATCH, &format!("/api/v1/users/{}", p.learner.id), &p.admin, link).await;
    post(
        &app,
        &format!("/api/v1/users/{}/assessments", p.learner.id),
        &p.learner,
        json!({"competency_id": id(&local), "level": 2, "method": "self", "assessed_on": day(-3)}),
    )
    .await;

    // Files: a lesson document, a learner's claim evidence, and an upload declared but never sent.
    let document = upload(&app, &p.instructor, "Modul Pelayanan.pdf", "application/pdf", &pdf(2_000), "lesson").await;
    let evidence = upload(&app, &p.learner, "sertifikat-workshop.pdf", "application/pdf", &pdf(500), "evidence").await;
    let bytes = pdf(300);
    let declared = json!({"filename": "belum.pdf", "content_type": "application/pdf", "size": bytes.len(),
        "sha256": crate::media::sha256(&bytes), "purpose": "lesson"});
    let pending = post(&app, "/api/v1/media/uploads", &p.instructor, declared).await;
    for media in [id(&document), id(&evidence), pending["media_id"].as_str().expect("media id").to_owned()] {
        param("media/id", media);
    }

    // The main course: text, document, link and quiz lessons; a timed quiz; an evaluation form.
    let course =
        post(&app, "/api/v1/courses", &p.instructor, course_body("Pelayanan Publik Prima", "self_paced")).await;
    let course_path = format!("/api/v1/courses/{}", id(&course));
    let section = post(&app, &format!("{course_path}/sections"), &p.instructor, json!({"title": "Modul 1"})).await;
    let lessons = format!("/api/v1/sections/{}/lessons", id(&section));
    let text = post(
        &app,
        &lessons,
        &p.instructor,
        json!({"title": "Pengantar", "kind": "text", "body": "Selamat datang.", "duration_minutes": 240}),
    )
    .await;
    let doc = post(
        &app,
        &lessons,
        &p.instructor,
        json!({"title": "Modul", "kind": "document", "media_id": id(&document), "duration_minutes": 240}),
    )
    .await;
    post(
        &app,
        &lessons,
        &p.instructor,
        json!({"title": "JDIH", "kind": "link", "url": "https://jdih.kupangkota.go.id", "required": false}),
    )
    .await;
    let quiz = post(
        &app,
        &format!("{course_path}/quizzes"),
        &p.instructor,
        json!({"title": "Post-test", "kind": "graded", "pass_percent": 60, "time_limit_seconds": 60}),
    )
    .await;
    let quiz_path = format!("/api/v1/quizzes/{}", id(&quiz));
    let question = post(&app, &format!("{quiz_path}/questions"), &p.instructor, crate::quizzes::single_choice()).await;
    let quiz_lesson = post(
        &app,
        &lessons,
        &p.instructor,
        json!({"title": "Kuis", "kind": "quiz", "quiz_id": id(&quiz), "required": false}),
    )
    .await;
    ok(
        &app,
        Method::PUT,
        &format!("{course_path}/competencies"),
        &p.instructor,
        json!({"items": [{"competency_id": id(&local), "level": 3}]}),
    )
    .await;
    ok(
        &app,
        Method::PUT,
        &format!("{course_path}/evaluation"),
        &p.instructor,
        json!({"required": false, "follow_up_days": 1,
            "items": [{"id": "relevan", "kind": "likert", "text": "Materi relevan."}],
            "behaviour_items": [{"id": "terapan", "kind": "likert", "text": "Menerapkan standar pelayanan"}]}),
    )
    .await;
    post(&app, &format!("{course_path}/publish"), &p.instructor, json!({})).await;
    for lesson in [&text, &doc, &quiz_lesson] {
        param("lessons/id", id(lesson));
    }

    // A classroom course with a session the learner registered for, and a draft.
    let classroom = post(&app, "/api/v1/courses", &p.instructor, course_body("Literasi Digital", "classroom")).await;
    let classroom_path = format!("/api/v1/courses/{}", id(&classroom));
    let section = post(&app, &format!("{classroom_path}/sections"), &p.instructor, json!({"title": "Hari 1"})).await;
    post(
        &app,
        &format!("/api/v1/sections/{}/lessons", id(&section)),
        &p.instructor,
        json!({"title": "Materi", "kind": "text", "body": "Isi", "duration_minutes": 450}),
    )
    .await;
    post(&app, &format!("{classroom_path}/publish"), &p.instructor, json!({})).await;
    let starts = Utc::now() + Duration::days(7);
    let session = post(
        &app,
        &format!("{classroom_path}/sessions"),
        &p.instructor,
        json!({"starts_at": starts, "ends_at": starts + Duration::hours(3), "location": "Aula BKPSDM", "capacity": 20}),
    )
    .await;
    let draft = post(&app, "/api/v1/courses", &p.instructor, course_body("Kursus Draf", "self_paced")).await;
    for c in [&course, &classroom, &draft] {
        param("courses/id", id(c));
    }
    param("sessions/id", id(&session));

    // Enrolments, the quiz attempts, progress to completion, the survey.
    for who in [&p.learner, &p.late_learner, &p.supervisor, &p.other_learner] {
        post(&app, &format!("{course_path}/enrollments"), who, json!({})).await;
    }
    post(&app, &format!("{classroom_path}/enrollments"), &p.learner, json!({})).await;
    post(&app, &format!("/api/v1/sessions/{}/registrations", id(&session)), &p.learner, json!({})).await;
    let submitted = post(&app, &format!("{quiz_path}/attempts"), &p.learner, json!({})).await;
    let correct = question["options"][0]["id"].clone();
    let answer = format!("/api/v1/attempts/{}/answers/{}", id(&submitted), id(&question));
    ok(&app, Method::PUT, &answer, &p.learner, json!({"option_ids": [correct]})).await;
    post(&app, &format!("/api/v1/attempts/{}/submit", id(&submitted)), &p.learner, json!({})).await;
    // Three attempts left open past the deadline: the first is fetched by id; the others, by
    // two more callers, stay for whatever GET would settle overdue attempts in bulk, so one
    // offender does not hide the next.
    let open = post(&app, &format!("{quiz_path}/attempts"), &p.late_learner, json!({})).await;
    for who in [&p.supervisor, &p.other_learner] {
        post(&app, &format!("{quiz_path}/attempts"), who, json!({})).await;
    }
    param("attempts/id", id(&submitted));
    param("attempts/id", id(&open));
    param("quizzes/id", id(&quiz));
    for lesson in [&text, &doc] {
        let body = json!({"status": "completed", "position_seconds": 600, "time_spent_seconds": 600, "client_recorded_at": Utc::now()});
        ok(&app, Method::PUT, &format!("/api/v1/lessons/{}/progress", id(lesson)), &p.learner, body).await;
    }
    let body = json!({"status": "in_progress", "position_seconds": 60, "time_spent_seconds": 60, "client_recorded_at": Utc::now()});
    ok(&app, Method::PUT, &format!("/api/v1/lessons/{}/progress", id(&text)), &p.supervisor, body).await;
    post(
        &app,
        &format!("{course_path}/evaluation/responses"),
        &p.learner,
        json!({"answers": [{"item_id": "relevan", "value": 4}]}),
    )
    .await;

    // JP: a pending claim; a development plan submitted for approval.
    post(
        &app,
        "/api/v1/me/jp/claims",
        &p.learner,
        json!({"title": "Workshop SPBE", "provider": "Diskominfo NTT",
        "jp": 8, "date": day(-5), "evidence_media_id": id(&evidence)}),
    )
    .await;
    let year: i32 = day(0)[..4].parse().expect("year");
    let plan = post(
        &app,
        "/api/v1/me/development-plans",
        &p.learner,
        json!({"year": year, "items": [
        {"activity": "course", "course_id": id(&course), "planned_jp": 10},
        {"activity": "mentoring", "title": "Mentoring penyusunan SKP", "planned_jp": 6}]}),
    )
    .await;
    post(&app, &format!("/api/v1/development-plans/{}/submit", id(&plan)), &p.learner, json!({})).await;

    // The forum: a question with an answer and a reply.
    let thread = post(
        &app,
        &format!("{course_path}/threads"),
        &p.learner,
        json!({"title": "Cara mengisi SKP?", "body": "Mohon **penjelasan**.", "kind": "question"}),
    )
    .await;
    let posts = format!("/api/v1/threads/{}/posts", id(&thread));
    post(&app, &posts, &p.instructor, json!({"body": "Lihat modul 1."})).await;
    post(&app, &posts, &p.supervisor, json!({"body": "Terima kasih."})).await;
    param("threads/id", id(&thread));

    // A mentorship with a message and a confirmed meeting.
    let mentorship = post(
        &app,
        "/api/v1/mentorships",
        &p.admin,
        json!({"mentor_id": p.mentor.id,
        "mentee_id": p.learner.id, "starts_on": day(-30), "ends_on": day(60), "goals": "Menyusun SKP."}),
    )
    .await;
    let mentorship_path = format!("/api/v1/mentorships/{}", id(&mentorship));
    post(&app, &format!("{mentorship_path}/messages"), &p.learner, json!({"body": "Selamat pagi, Pak."})).await;
    let log = post(
        &app,
        &format!("{mentorship_path}/logs"),
        &p.learner,
        json!({"met_on": day(-2), "minutes": 90, "summary": "Rencana SKP"}),
    )
    .await;
    post(&app, &format!("{mentorship_path}/logs/{}/confirm", id(&log)), &p.mentor, json!({})).await;
    param("mentorships/id", id(&mentorship));

    // A webhook for an event nothing below causes, so no delivery is attempted.
    let hook = post(
        &app,
        &format!("/api/v1/organizations/{kupang}/webhooks"),
        &p.admin,
        json!({"url": "https://siasn.example.go.id/latih", "events": ["jp_claim.decided"], "secret": "rahasia-sapuan-get-0123456789"}),
    )
    .await;
    param("webhooks/id", id(&hook));

    // Whatever the changes above queued (certificates, notifications, events) has run.
    app.run_jobs().await;
    let (status, certificates) = send(app.get("/api/v1/me/certificates", &p.learner.token)).await;
    let certificate = &certificates["items"][0];
    assert!(status.is_success() && certificate["id"].is_string(), "the learner has a certificate: {certificates}");
    param("certificates/id", id(certificate));
    param("verify/code", certificate["code"].as_str().expect("code").to_owned());
    param("organizations/id", kupang.to_string());
    param("users/id", p.learner.id.to_string());

    // Two days on: the follow-up is due to the supervisor and the open attempt is overdue.
    // Nothing runs the queue after this, so only a GET could settle the attempt.
    app.clock.advance(Duration::days(2));
    let fresh = |who: &TestUser, roles: &[Role]| TestUser { token: app.token(who, roles), ..who.clone() };
    let callers = vec![
        Caller { name: "platform admin", token: Some(fresh(&p.platform, &[Role::PlatformAdmin]).token) },
        Caller { name: "org admin", token: Some(fresh(&p.admin, &[Role::OrgAdmin]).token) },
        Caller { name: "instructor", token: Some(fresh(&p.instructor, &[Role::Instructor]).token) },
        Caller { name: "learner", token: Some(fresh(&p.learner, &[Role::Learner]).token) },
        Caller {
            name: "learner with the overdue attempt",
            token: Some(fresh(&p.late_learner, &[Role::Learner]).token),
        },
        Caller { name: "mentor", token: Some(fresh(&p.mentor, &[Role::Mentor]).token) },
        Caller { name: "supervisor", token: Some(fresh(&p.supervisor, &[Role::Learner, Role::Supervisor]).token) },
        Caller { name: "another organization's admin", token: Some(fresh(&p.other_admin, &[Role::OrgAdmin]).token) },
        Caller { name: "another organization's learner", token: Some(fresh(&p.other_learner, &[Role::Learner]).token) },
        Caller { name: "metrics scraper", token: Some(METRICS_TOKEN.to_owned()) },
        Caller { name: "anonymous", token: None },
    ];
    Seeded { app, callers, params }
}
