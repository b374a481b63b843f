//! Throughput benchmarks of hot endpoints, against a whole server on loopback, on SQLite or (with
//! `LATIH_TEST_DATABASE_URL`) PostgreSQL:
//!
//! `cargo run --release -p latih-tests --bin bench -- autosave [seconds] [concurrency]`
//! `cargo run --release -p latih-tests --bin bench -- progress [seconds] [concurrency]`
//! `cargo run --release -p latih-tests --bin bench -- batch [batches of 500 events]`
//! `cargo run --release -p latih-tests --bin bench -- posts [posts in the thread]`
//! `cargo run --release -p latih-tests --bin bench -- reports [people] [courses]`
//! `cargo run --release -p latih-tests --bin bench -- jobs [--jobs N] [--concurrency K]`
//!
//! Numbers are printed; nothing is asserted.

mod compare;
mod jobs;
mod logins;
mod quiz_storm;
mod reports;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use latih_kernel::Role;
use latih_tests::{TestApp, send};
use serde_json::{Value, json};

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

/// Answer autosaves per second on one attempt.
async fn autosave(seconds: u64, concurrency: usize) {
    let app = TestApp::new().await;
    let org = app.organization("BENCH", "Asia/Makassar").await;
    let instructor = app.user(Some(org), &[Role::Instructor]).await;
    let learner = app.user(Some(org), &[Role::Learner]).await;
    let course = json!({"title": "Bench", "summary": "Bench", "jp": 1, "competency_type": "technical", "delivery": "self_paced", "visibility": "public"});
    let (_, course) = send(app.post("/api/v1/courses", &instructor.token, &course)).await;
    let (_, section) =
        send(app.post(&format!("/api/v1/courses/{}/sections", id(&course)), &instructor.token, &json!({"title": "S"})))
            .await;
    send(app.post(
        &format!("/api/v1/sections/{}/lessons", id(&section)),
        &instructor.token,
        &json!({"title": "L", "kind": "text", "body": "x"}),
    ))
    .await;
    send(app.post(&format!("/api/v1/courses/{}/publish", id(&course)), &instructor.token, &json!({}))).await;
    send(
        app.request(reqwest::Method::POST, &format!("/api/v1/courses/{}/enrollments", id(&course)))
            .bearer_auth(&learner.token),
    )
    .await;
    let (_, quiz) = send(app.post(
        &format!("/api/v1/courses/{}/quizzes", id(&course)),
        &instructor.token,
        &json!({"title": "Q", "kind": "graded"}),
    ))
    .await;
    let question = json!({"type": "multiple_choice", "prompt": "P", "options": [{"text": "a", "correct": true}, {"text": "b"}, {"text": "c"}]});
    let (_, question) =
        send(app.post(&format!("/api/v1/quizzes/{}/questions", id(&quiz)), &instructor.token, &question)).await;
    let (_, attempt) =
        send(app.post(&format!("/api/v1/quizzes/{}/attempts", id(&quiz)), &learner.token, &json!({}))).await;
    let options: Vec<String> = question["options"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["id"].as_str().map(str::to_owned))
        .collect();
    let path = format!("/api/v1/attempts/{}/answers/{}", id(&attempt), id(&question));
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);
    let workers = (0..concurrency).map(|worker| {
        let (app, path, token, options, done, failed) =
            (&app, path.clone(), learner.token.clone(), options.clone(), done.clone(), failed.clone());
        async move {
            let mut n = worker;
            while Instant::now() < until {
                let body = json!({"option_ids": [options[n % options.len()]]});
                match app.put(&path, &token, &body).send().await {
                    Ok(r) if r.status().is_success() => done.fetch_add(1, Ordering::Relaxed),
                    _ => failed.fetch_add(1, Ordering::Relaxed),
                };
                n += 1;
            }
        }
    });
    let started = Instant::now();
    futures_util::future::join_all(workers).await;
    let elapsed = started.elapsed().as_secs_f64();
    let ok = done.load(Ordering::Relaxed);
    let database = if std::env::var("LATIH_TEST_DATABASE_URL").is_ok() { "PostgreSQL" } else { "SQLite" };
    println!(
        "autosave on {database}: {ok} saves in {elapsed:.1} s with {concurrency} clients = {:.0} saves/s ({} failed)",
        ok as f64 / elapsed,
        failed.load(Ordering::Relaxed)
    );
}

/// A published course of `lessons` text lessons with `learner` enrolled; answers the lesson ids.
async fn course_with_lessons(app: &TestApp, lessons: usize) -> (latih_tests::TestUser, Vec<String>) {
    let org = app.organization("BENCH", "Asia/Makassar").await;
    let instructor = app.user(Some(org), &[Role::Instructor]).await;
    let learner = app.user(Some(org), &[Role::Learner]).await;
    let course = json!({"title": "Bench", "summary": "Bench", "jp": 1, "competency_type": "technical", "delivery": "self_paced", "visibility": "public"});
    let (_, course) = send(app.post("/api/v1/courses", &instructor.token, &course)).await;
    let (_, section) =
        send(app.post(&format!("/api/v1/courses/{}/sections", id(&course)), &instructor.token, &json!({"title": "S"})))
            .await;
    let mut ids = Vec::new();
    for n in 0..lessons {
        let body = json!({"title": format!("L{n}"), "kind": "text", "body": "x"});
        let (_, lesson) =
            send(app.post(&format!("/api/v1/sections/{}/lessons", id(&section)), &instructor.token, &body)).await;
        ids.push(id(&lesson));
    }
    send(app.post(&format!("/api/v1/courses/{}/publish", id(&course)), &instructor.token, &json!({}))).await;
    send(
        app.request(reqwest::Method::POST, &format!("/api/v1/courses/{}/enrollments", id(&course)))
            .bearer_auth(&learner.token),
    )
    .await;
    (learner, ids)
}

fn database() -> &'static str {
    if std::env::var("LATIH_TEST_DATABASE_URL").is_ok() { "PostgreSQL" } else { "SQLite" }
}

/// Single progress updates (`PUT /lessons/{id}/progress`) per second, spread over 20 lessons.
async fn progress(seconds: u64, concurrency: usize) {
    let app = TestApp::new().await;
    let (learner, lessons) = course_with_lessons(&app, 20).await;
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);
    let workers = (0..concurrency).map(|worker| {
        let (app, token, lessons, done) = (&app, learner.token.clone(), lessons.clone(), done.clone());
        async move {
            let mut n = worker;
            while Instant::now() < until {
                let body = json!({"status": "in_progress", "position_seconds": n, "time_spent_seconds": 5, "client_recorded_at": chrono::Utc::now()});
                let path = format!("/api/v1/lessons/{}/progress", lessons[n % lessons.len()]);
                if app.put(&path, &token, &body).send().await.is_ok_and(|r| r.status().is_success()) {
                    done.fetch_add(1, Ordering::Relaxed);
                }
                n += concurrency;
            }
        }
    });
    let started = Instant::now();
    futures_util::future::join_all(workers).await;
    let elapsed = started.elapsed().as_secs_f64();
    let ok = done.load(Ordering::Relaxed);
    println!(
        "progress PUT on {}: {ok} updates in {elapsed:.1} s with {concurrency} clients = {:.0} updates/s",
        database(),
        ok as f64 / elapsed
    );
}

/// Offline batches of 500 events per second, in events.
async fn batch(batches: usize) {
    let app = TestApp::new().await;
    let (learner, lessons) = course_with_lessons(&app, 20).await;
    let started = Instant::now();
    let mut accepted = 0u64;
    for b in 0..batches {
        let events: Vec<Value> = (0..500)
            .map(|n| json!({"client_event_id": format!("b{b}-{n}"), "lesson_id": lessons[n % lessons.len()], "status": "in_progress",
                "position_seconds": n, "time_spent_seconds": 3, "client_recorded_at": chrono::Utc::now()}))
            .collect();
        let (_, report) = send(app.post("/api/v1/me/progress/batch", &learner.token, &json!({"events": events}))).await;
        accepted += report["accepted"].as_u64().unwrap_or(0);
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "progress batch on {}: {accepted} events in {batches} batches in {elapsed:.1} s = {:.0} events/s",
        database(),
        accepted as f64 / elapsed
    );
}

/// p50 and p95 of `GET /threads/{id}/posts?limit=50` in a thread of `count` posts.
async fn posts(count: usize) {
    use sea_orm::{EntityTrait, Set};
    let app = TestApp::new().await;
    let (learner, _) = course_with_lessons(&app, 1).await;
    let (_, courses) = send(app.get("/api/v1/me/enrollments", &learner.token)).await;
    let course_id = courses["items"][0]["course_id"].as_str().unwrap_or_default().to_owned();
    let body = json!({"title": "Diskusi besar", "body": "Mulai", "kind": "discussion"});
    let (_, thread) = send(app.post(&format!("/api/v1/courses/{course_id}/threads"), &learner.token, &body)).await;
    let thread_id: uuid::Uuid = id(&thread).parse().unwrap_or_default();
    let now = chrono::Utc::now();
    for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|n| latih_forums::entity::post::ActiveModel {
            id: Set(latih_kernel::ids::new_id()),
            thread_id: Set(thread_id),
            author_id: Set(learner.id),
            parent_id: Set(None),
            body: Set(format!("Pesan nomor {n} dengan **sedikit** Markdown dan [tautan](https://kupangkota.go.id).")),
            hidden: Set(false),
            deleted_at: Set(None),
            edited_at: Set(None),
            created_at: Set(now),
        });
        if latih_forums::entity::post::Entity::insert_many(rows).exec(&app.db).await.is_err() {
            eprintln!("insert failed");
            return;
        }
    }
    let path = format!("/api/v1/threads/{thread_id}/posts?limit=50");
    let (_, first) = send(app.get(&path, &learner.token)).await;
    let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
    let mut timings = Vec::new();
    for round in 0..200 {
        let url = match (&cursor, round % 2) {
            (Some(c), 1) => format!("{path}&cursor={c}"),
            _ => path.clone(),
        };
        let started = Instant::now();
        let (_, page) = send(app.get(&url, &learner.token)).await;
        timings.push(started.elapsed().as_secs_f64() * 1000.0);
        if round % 2 == 1 {
            cursor = page["next_cursor"].as_str().map(str::to_owned).or(cursor);
        }
    }
    timings.sort_by(f64::total_cmp);
    let (p50, p95) = (timings[timings.len() / 2], timings[timings.len() * 95 / 100]);
    let (queries, _) = app.count_queries(app.get(&path, &learner.token)).await;
    println!(
        "posts page of 50 in a thread of {count} on {}: p50 {p50:.1} ms, p95 {p95:.1} ms, {queries} statements",
        database()
    );
}

#[actix_web::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |index: usize, default: u64| args.get(index).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("autosave") => autosave(number(1, 10), usize::try_from(number(2, 4)).unwrap_or(4)).await,
        Some("progress") => progress(number(1, 10), usize::try_from(number(2, 4)).unwrap_or(4)).await,
        Some("batch") => batch(usize::try_from(number(1, 10)).unwrap_or(10)).await,
        Some("posts") => posts(usize::try_from(number(1, 10_000)).unwrap_or(10_000)).await,
        Some("reports") => {
            let people = usize::try_from(number(1, 5_000)).unwrap_or(5_000);
            reports::reports(people, usize::try_from(number(2, 200)).unwrap_or(200)).await;
        }
        Some("jobs") => {
            // `--jobs N --concurrency K`, or the two numbers in that order.
            let flags = args.iter().any(|a| a.starts_with("--"));
            let flag = |name: &str, position: usize, default: u64| {
                let value = if flags {
                    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1))
                } else {
                    args.get(position)
                };
                value.and_then(|a| a.parse().ok()).unwrap_or(default)
            };
            let concurrency = usize::try_from(flag("--concurrency", 2, 8)).unwrap_or(8);
            jobs::jobs(flag("--jobs", 1, 20_000), concurrency).await;
        }
        _ => eprintln!(
            "usage: bench autosave|progress [seconds] [concurrency] | bench batch [batches of 500] | bench posts [n] | bench reports [people] [courses] | bench jobs [--jobs N] [--concurrency K]"
        ),
    }
}
