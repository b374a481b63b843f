//! `latih seed --demo`: a demo organization in Kupang (WITA) with people and three published
//! courses, so a frontend team can start at once. Running it again adds nothing.

use chrono::Duration;
use latih_courses::LessonQuizzes;
use latih_courses::dto::{CreateCourse, CreateLesson, CreateSection, CreateSession};
use latih_courses::entity::course;
use latih_courses::model::{CompetencyType, Delivery, LessonKind, Visibility};
use latih_courses::service::{courses, lessons, sections, sessions};
use latih_identity::entity::{organization, unit, user};
use latih_kernel::ids::new_id;
use latih_kernel::{AuthUser, Role, Roles};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::state::AppState;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Demo-Latih-2026";
const ORG_CODE: &str = "PEMKOT-KUPANG";

/// A demo account and what it is for, as printed after seeding.
pub struct DemoAccount {
    pub email: &'static str,
    pub role: &'static str,
}

struct Person {
    email: &'static str,
    name: &'static str,
    roles: &'static [Role],
    nip: Option<&'static str>,
    rank: Option<&'static str>,
    position: &'static str,
}

const PEOPLE: [Person; 6] = [
    Person {
        email: "admin@kupang.demo.latih.id",
        name: "Yuliana Ndoen",
        roles: &[Role::OrgAdmin],
        nip: Some("198207152006042011"),
        rank: Some("III/d"),
        position: "Kepala Bidang Pengembangan Kompetensi",
    },
    Person {
        email: "instruktur@kupang.demo.latih.id",
        name: "Dr. Markus Bani",
        roles: &[Role::Instructor, Role::Mentor],
        nip: Some("197812102003121004"),
        rank: Some("IV/a"),
        position: "Widyaiswara Ahli Madya",
    },
    Person {
        email: "maria@kupang.demo.latih.id",
        name: "Maria Fernandez",
        roles: &[Role::Learner],
        nip: Some("199503122020122003"),
        rank: Some("III/a"),
        position: "Analis Kebijakan Ahli Pertama",
    },
    Person {
        email: "yosef@kupang.demo.latih.id",
        name: "Yosef Lado",
        roles: &[Role::Learner],
        nip: Some("199001012023211001"),
        rank: None,
        position: "Pranata Komputer",
    },
    Person {
        email: "nona@kupang.demo.latih.id",
        name: "Nona Benu",
        roles: &[Role::Learner, Role::Supervisor],
        nip: Some("198805202012122002"),
        rank: Some("III/c"),
        position: "Kepala Subbagian Umum",
    },
    Person {
        email: "narasumber@kupang.demo.latih.id",
        name: "Agustinus Sinlae",
        roles: &[Role::Instructor],
        nip: None,
        rank: None,
        position: "Praktisi Literasi Digital",
    },
];

async fn ensure_organization(state: &AppState) -> anyhow::Result<(Uuid, Uuid)> {
    let db = &state.db;
    let org = match organization::Entity::find().filter(organization::Column::Code.eq(ORG_CODE)).one(db).await? {
        Some(org) => org,
        None => {
            organization::ActiveModel {
                id: Set(new_id()),
                name: Set("Pemerintah Kota Kupang".to_owned()),
                code: Set(ORG_CODE.to_owned()),
                timezone: Set("Asia/Makassar".to_owned()),
                created_at: Set(state.clock.now()),
            }
            .insert(db)
            .await?
        }
    };
    let found = unit::Entity::find()
        .filter(unit::Column::OrganizationId.eq(org.id))
        .filter(unit::Column::Code.eq("BKPSDM"))
        .one(db)
        .await?;
    let unit_id = match found {
        Some(existing) => existing.id,
        None => {
            unit::ActiveModel {
                id: Set(new_id()),
                organization_id: Set(org.id),
                parent_id: Set(None),
                name: Set("Badan Kepegawaian dan Pengembangan SDM".to_owned()),
                code: Set(Some("BKPSDM".to_owned())),
                created_at: Set(state.clock.now()),
            }
            .insert(db)
            .await?
            .id
        }
    };
    Ok((org.id, unit_id))
}

async fn ensure_person(
    state: &AppState,
    org: Uuid,
    unit_id: Uuid,
    person: &Person,
    hash: &str,
) -> anyhow::Result<user::Model> {
    if let Some(found) = user::Entity::find().filter(user::Column::Email.eq(person.email)).one(&state.db).await? {
        return Ok(found);
    }
    let now = state.clock.now();
    let employment = match (person.nip, person.rank) {
        (None, _) => "non_asn",
        (Some(_), None) => "pppk",
        (Some(_), Some(_)) => "pns",
    };
    let rank = match employment {
        "pppk" => Some("IX".to_owned()),
        _ => person.rank.map(str::to_owned),
    };
    Ok(user::ActiveModel {
        id: Set(new_id()),
        organization_id: Set(Some(org)),
        unit_id: Set(Some(unit_id)),
        name: Set(person.name.to_owned()),
        email: Set(person.email.to_owned()),
        nip: Set(person.nip.map(str::to_owned)),
        employment_type: Set(employment.to_owned()),
        roles: Set(Roles::new(person.roles.iter().copied()).to_column()),
        position: Set(Some(person.position.to_owned())),
        rank: Set(rank),
        position_id: Set(None),
        supervisor_id: Set(None),
        password_hash: Set(Some(hash.to_owned())),
        is_active: Set(true),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&state.db)
    .await?)
}

struct DemoCourse {
    title: &'static str,
    summary: &'static str,
    description: &'static str,
    jp: i32,
    competency_type: CompetencyType,
    delivery: Delivery,
    visibility: Visibility,
    tags: &'static [&'static str],
    sections: &'static [(&'static str, &'static [(&'static str, &'static str)])],
}

const COURSES: [DemoCourse; 3] = [
    DemoCourse {
        title: "Pelayanan Publik Prima",
        summary: "Standar pelayanan, maklumat layanan, dan penanganan pengaduan masyarakat.",
        description: "Kursus mandiri tentang **standar pelayanan publik** sesuai UU 25/2009.\n\n- Standar pelayanan\n- Survei kepuasan\n- Pengaduan",
        jp: 10,
        competency_type: CompetencyType::Sociocultural,
        delivery: Delivery::SelfPaced,
        visibility: Visibility::Public,
        tags: &["pelayanan-publik", "etika"],
        sections: &[
            (
                "Dasar Pelayanan Publik",
                &[
                    ("Mengapa pelayanan publik", "Pelayanan publik adalah hak warga."),
                    ("Asas pelayanan", "Kepastian hukum, keterbukaan, partisipatif."),
                ],
            ),
            (
                "Standar dan Pengaduan",
                &[
                    ("Menyusun standar pelayanan", "Komponen standar pelayanan."),
                    ("Menangani pengaduan", "Alur pengaduan melalui SP4N-LAPOR!."),
                ],
            ),
        ],
    },
    DemoCourse {
        title: "Kepemimpinan Pengawas",
        summary: "Memimpin tim kecil: delegasi, umpan balik, dan pengendalian kinerja.",
        description: "Pelatihan *blended* untuk pejabat pengawas di lingkungan Pemerintah Kota Kupang.",
        jp: 20,
        competency_type: CompetencyType::Managerial,
        delivery: Delivery::Blended,
        visibility: Visibility::Organization,
        tags: &["kepemimpinan", "manajerial"],
        sections: &[
            (
                "Peran Pengawas",
                &[
                    ("Dari pelaksana ke pengawas", "Perubahan peran dan harapan."),
                    ("Delegasi", "Kapan dan bagaimana mendelegasikan."),
                ],
            ),
            ("Kinerja Tim", &[("Umpan balik", "Umpan balik yang spesifik dan tepat waktu.")]),
        ],
    },
    DemoCourse {
        title: "Literasi Digital ASN",
        summary: "Keamanan akun, pengelolaan data, dan etika bermedia sosial bagi ASN.",
        description: "Webinar dan materi mandiri tentang **literasi digital**.",
        jp: 6,
        competency_type: CompetencyType::Technical,
        delivery: Delivery::Webinar,
        visibility: Visibility::Public,
        tags: &["digital", "keamanan-informasi"],
        sections: &[(
            "Keamanan Dasar",
            &[
                ("Kata sandi dan autentikasi dua langkah", "Gunakan pengelola kata sandi."),
                ("Mengenali penipuan daring", "Ciri-ciri pesan phishing."),
            ],
        )],
    },
];

async fn ensure_course(
    state: &AppState,
    instructor: &AuthUser,
    speaker: Uuid,
    spec: &DemoCourse,
) -> anyhow::Result<bool> {
    let db: &DatabaseConnection = &state.db;
    let exists = course::Entity::find()
        .filter(course::Column::OrganizationId.eq(instructor.organization_id))
        .filter(course::Column::Title.eq(spec.title))
        .one(db)
        .await?
        .is_some();
    if exists {
        return Ok(false);
    }
    let api = |e: latih_kernel::ApiError| anyhow::anyhow!("{e}");
    let created = courses::create(
        db,
        &state.clock,
        instructor,
        CreateCourse {
            title: spec.title.to_owned(),
            summary: spec.summary.to_owned(),
            description: Some(spec.description.to_owned()),
            jp: spec.jp,
            competency_type: spec.competency_type,
            delivery: spec.delivery,
            visibility: spec.visibility,
            tags: Some(spec.tags.iter().map(|t| (*t).to_owned()).collect()),
            category: Some("Pelatihan Teknis".to_owned()),
            organization_id: None,
        },
    )
    .await
    .map_err(api)?;
    // Enough required minutes to back the course's JP (45 minutes a JP), so publishing approves it.
    let lesson_count = spec.sections.iter().map(|(_, l)| l.len()).sum::<usize>().max(1);
    let lessons = i32::try_from(lesson_count).unwrap_or(1);
    let minutes_per_lesson = ((spec.jp * 45 + lessons - 1) / lessons).max(15);
    for (section_title, lesson_specs) in spec.sections {
        let section = sections::create(
            db,
            &state.clock,
            instructor,
            created.id,
            CreateSection { title: (*section_title).to_owned(), position: None },
        )
        .await
        .map_err(api)?;
        for (lesson_title, body) in *lesson_specs {
            let lesson = CreateLesson {
                title: (*lesson_title).to_owned(),
                kind: LessonKind::Text,
                body: Some((*body).to_owned()),
                media_id: None,
                url: None,
                quiz_id: None,
                duration_minutes: minutes_per_lesson,
                required: Some(true),
                position: None,
            };
            lessons::create(db, &state.clock, &LessonQuizzes::default(), instructor, section.id, lesson)
                .await
                .map_err(api)?;
        }
    }
    if spec.delivery.has_sessions() {
        let starts_at = state.clock.now() + Duration::days(14);
        let session = CreateSession {
            title: None,
            starts_at,
            ends_at: starts_at + Duration::hours(3),
            location: Some("Aula BKPSDM Kota Kupang".to_owned()),
            meeting_url: Some("https://meet.kupangkota.go.id/literasi-digital".to_owned()),
            capacity: 30,
            speaker: None,
            speaker_user_id: Some(speaker),
        };
        sessions::create(db, &state.clock, instructor, created.id, session).await.map_err(api)?;
    }
    courses::publish(db, &state.clock, instructor, created.id).await.map_err(api)?;
    Ok(true)
}

/// Seeds the demo data; returns the accounts to print and how many courses were added.
pub async fn demo(state: &AppState) -> anyhow::Result<(Vec<DemoAccount>, usize)> {
    let (org, unit_id) = ensure_organization(state).await?;
    let hash = state.auth.passwords.hash(DEMO_PASSWORD.to_owned()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut people = Vec::new();
    for person in &PEOPLE {
        people.push(ensure_person(state, org, unit_id, person, &hash).await?);
    }
    let instructor = &people[1];
    let actor = AuthUser {
        id: instructor.id,
        organization_id: instructor.organization_id,
        roles: Roles::from_column(&instructor.roles),
    };
    let mut added = 0;
    for spec in &COURSES {
        if ensure_course(state, &actor, people[5].id, spec).await? {
            added += 1;
        }
    }
    let accounts = PEOPLE
        .iter()
        .map(|p| DemoAccount { email: p.email, role: p.roles.first().map_or("learner", |r| r.as_str()) })
        .collect();
    Ok((accounts, added))
}
