//! Earned JP of development-plan items, read from the JP ledger of each plan's year: a course
//! item earns its course's completion entry; mentoring items share the year's approved mentoring
//! hours and the other activities the year's approved claims, filled in item order up to each
//! item's plan with any surplus on the last. Two queries for any number of plans.

use std::collections::HashMap;

use latih_courses::entity::enrollment;
use latih_kernel::ApiResult;
use latih_progress::entity::jp_entry;
use latih_progress::model::JpSource;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{development_plan, development_plan_item};
use crate::model::Activity;

/// Pours `pool` into `planned` slots in order, each up to its size, the rest into the last.
pub fn fill(planned: &[i32], mut pool: i32) -> Vec<i32> {
    let mut earned: Vec<i32> = planned
        .iter()
        .map(|&want| {
            let take = want.max(0).min(pool);
            pool -= take;
            take
        })
        .collect();
    if let Some(last) = earned.last_mut() {
        *last += pool;
    }
    earned
}

/// Earned JP by item id, for `plans` of one person with their `items`.
pub async fn earned(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    plans: &[development_plan::Model],
    items: &[development_plan_item::Model],
) -> ApiResult<HashMap<Uuid, i32>> {
    if plans.is_empty() {
        return Ok(HashMap::new());
    }
    let entries = jp_entry::Entity::find()
        .filter(jp_entry::Column::UserId.eq(user_id))
        .filter(jp_entry::Column::Year.is_in(plans.iter().map(|p| p.year)))
        .all(db)
        .await?;
    let course_ids: Vec<Uuid> = items.iter().filter_map(|i| i.course_id).collect();
    let course_of_enrollment: HashMap<Uuid, Uuid> = if course_ids.is_empty() {
        HashMap::new()
    } else {
        enrollment::Entity::find()
            .filter(enrollment::Column::UserId.eq(user_id))
            .filter(enrollment::Column::CourseId.is_in(course_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e.course_id))
            .collect()
    };
    let mut earned = HashMap::new();
    for plan in plans {
        let of_year = entries.iter().filter(|e| e.year == plan.year);
        let mut by_course: HashMap<Uuid, i32> = HashMap::new();
        let (mut mentoring, mut claims) = (0, 0);
        for entry in of_year {
            match entry.source {
                JpSource::Course => {
                    if let Some(course) = course_of_enrollment.get(&entry.source_id) {
                        *by_course.entry(*course).or_default() += entry.jp;
                    }
                }
                JpSource::Mentoring => mentoring += entry.jp,
                JpSource::Claim => claims += entry.jp,
            }
        }
        let mine: Vec<&development_plan_item::Model> = items.iter().filter(|i| i.plan_id == plan.id).collect();
        for item in mine.iter().filter(|i| i.activity == Activity::Course) {
            let jp = item.course_id.and_then(|c| by_course.get(&c)).copied().unwrap_or(0);
            earned.insert(item.id, jp);
        }
        let shared = |wanted: &dyn Fn(Activity) -> bool, pool: i32, earned: &mut HashMap<Uuid, i32>| {
            let slots: Vec<&&development_plan_item::Model> = mine.iter().filter(|i| wanted(i.activity)).collect();
            let planned: Vec<i32> = slots.iter().map(|i| i.planned_jp).collect();
            for (item, jp) in slots.iter().zip(fill(&planned, pool)) {
                earned.insert(item.id, jp);
            }
        };
        shared(&|a| a == Activity::Mentoring, mentoring, &mut earned);
        shared(&|a| a != Activity::Mentoring && a != Activity::Course, claims, &mut earned);
    }
    Ok(earned)
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn jp_fills_items_in_order_and_the_last_takes_the_surplus() {
        assert_eq!(fill(&[4, 6], 3), [3, 0]);
        assert_eq!(fill(&[4, 6], 8), [4, 4]);
        assert_eq!(fill(&[4, 6], 15), [4, 11]);
        assert_eq!(fill(&[], 15), Vec::<i32>::new());
    }
}
