//! A seeded, reproducible population of situations that covers the input space systematically:
//! first a grid (every need alone and common combinations × residents at the age and income edges
//! the rule sets use), then seeded random fill. Situation `i` depends only on the seed and `i`,
//! so a population of millions is generated on the fly, in any order, in parallel.

use crate::catalogue::Need;
use crate::situation::{
    Aid, Child, Household, HousemateHelp, Living, Mobility, Parents, PgbWish, Situation,
};
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
// A specified generator (PCG XSL 128/64 MCG), the same on every target: `SmallRng` is a
// different algorithm on 32-bit wasm than natively, so the same seed gave other situations.
use rand_pcg::Pcg64Mcg;

/// A reproducible population: a grid of needs and resident profiles, then seeded random fill.
/// Situation `i` depends only on `seed` and `i`.
#[derive(Debug, Clone)]
pub struct Population {
    /// How many situations it holds.
    pub size: usize,
    /// The seed of the random fill: the same seed gives the same situations on every target.
    pub seed: u64,
    /// The date every situation is for.
    pub reference_date: NaiveDate,
}

/// Needs asked together often enough to test as a pair.
const COMBINATIONS: &[&[Need]] = &[
    &[Need::HouseholdTasks, Need::GettingAroundOutdoors],
    &[Need::Parenting, Need::YouthHelp],
    &[Need::RespiteCare, Need::CarerSupport],
    &[Need::MoneyAndDebts, Need::Administration],
    &[Need::Loneliness, Need::DaytimeActivities],
    &[Need::IndividualGuidance, Need::DaytimeActivities],
    &[Need::Wheelchair, Need::HomeAdaptation, Need::Transport],
];

/// A resident of this age with every other fact at its default: what the profiles and the random
/// fill start from.
fn resident(age: u8) -> Situation {
    Situation {
        reference_date: NaiveDate::MIN,
        age,
        household: Household::Alone,
        household_size: None,
        partner_age: None,
        children: Vec::new(),
        income_percent: None,
        net_income_per_month: None,
        living: Living::Independent,
        mobility: Mobility::None,
        has_informal_carer: false,
        is_informal_carer: false,
        wlz_indication: false,
        urgent: false,
        housemate_help: None,
        need_weeks: None,
        household_hours_per_week: None,
        housemate_wlz: false,
        personal_care_guidance: false,
        parents: None,
        pgb_wish: None,
        aid: None,
        needs: Vec::new(),
    }
}

/// Residents at the edges the rules look at: 17/18, 64–67 (AOW), 74/75; incomes around 100–130%
/// of the social minimum; Wlz, institution, wheelchair, carers, families.
fn profiles() -> Vec<Situation> {
    let family = |age: u8, partner: u8, kids: &[u8]| Situation {
        household: Household::Family,
        partner_age: Some(partner),
        children: kids.iter().map(|&age| Child { age }).collect(),
        ..resident(age)
    };
    vec![
        resident(40),
        resident(17),
        resident(18),
        family(38, 40, &[8]),
        family(45, 46, &[15, 11]),
        Situation {
            household: Household::SingleParent,
            children: vec![Child { age: 3 }],
            income_percent: Some(105),
            ..resident(31)
        },
        Situation {
            income_percent: Some(95),
            urgent: true,
            household: Household::Other,
            household_size: Some(3),
            ..resident(23)
        },
        Situation {
            income_percent: Some(110),
            ..resident(64)
        },
        Situation {
            income_percent: Some(115),
            ..resident(65)
        },
        Situation {
            household: Household::WithPartner,
            partner_age: Some(64),
            ..resident(66)
        },
        Situation {
            household: Household::WithPartner,
            partner_age: Some(70),
            is_informal_carer: true,
            ..resident(67)
        },
        Situation {
            income_percent: Some(120),
            mobility: Mobility::WalksWithDifficulty,
            ..resident(74)
        },
        Situation {
            income_percent: Some(125),
            mobility: Mobility::WalksWithDifficulty,
            ..resident(75)
        },
        Situation {
            income_percent: Some(130),
            has_informal_carer: true,
            ..resident(80)
        },
        Situation {
            income_percent: Some(135),
            mobility: Mobility::WheelchairUser,
            ..resident(82)
        },
        Situation {
            wlz_indication: true,
            has_informal_carer: true,
            ..resident(85)
        },
        Situation {
            wlz_indication: true,
            living: Living::Institution,
            mobility: Mobility::WheelchairUser,
            ..resident(88)
        },
        Situation {
            mobility: Mobility::WheelchairUser,
            household: Household::Other,
            household_size: Some(4),
            ..resident(10)
        },
    ]
}

impl Population {
    /// `size` situations for 1 March 2026, with the random fill from `seed`.
    pub fn new(size: usize, seed: u64) -> Population {
        Population {
            size,
            seed,
            reference_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or(NaiveDate::MIN),
        }
    }

    /// What a report says it compared over: "a population of 1000, seed 1".
    pub fn label(&self) -> String {
        format!("a population of {}, seed {}", self.size, self.seed)
    }

    /// How many situations the systematic grid holds before the random fill starts.
    pub fn grid_size() -> usize {
        (Need::ALL.len() + COMBINATIONS.len()) * profiles().len()
    }

    /// Situation number `i`: from the grid while it lasts (need sets vary fastest, so even a small
    /// population asks every need), then seeded random fill.
    pub fn situation(&self, i: usize) -> Situation {
        let mut situation = if i < Self::grid_size() {
            grid(i)
        } else {
            random(self.seed, i as u64)
        };
        situation.reference_date = self.reference_date;
        situation
    }

    /// Situations `0..size` in order, each made when it is needed.
    pub fn iter(&self) -> impl Iterator<Item = Situation> + '_ {
        (0..self.size).map(|i| self.situation(i))
    }
}

fn grid(i: usize) -> Situation {
    let need_sets = Need::ALL.len() + COMBINATIONS.len();
    let profiles = profiles();
    let (set, profile) = (i % need_sets, (i / need_sets) % profiles.len());
    let needs = match Need::ALL.get(set) {
        Some(need) => vec![*need],
        None => COMBINATIONS[set - Need::ALL.len()].to_vec(),
    };
    Situation {
        needs,
        ..profiles[profile].clone()
    }
}

fn random(seed: u64, i: u64) -> Situation {
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let age = rng.random_range(0..=100u8);
    let household = match rng.random_range(0..10) {
        0..=3 => Household::Alone,
        4..=5 => Household::WithPartner,
        6 => Household::SingleParent,
        7..=8 => Household::Family,
        _ => Household::Other,
    };
    let has_partner = matches!(household, Household::WithPartner | Household::Family);
    let children = match household {
        Household::SingleParent | Household::Family => (0..rng.random_range(1..=3))
            .map(|_| Child {
                age: rng.random_range(0..=20),
            })
            .collect(),
        _ => Vec::new(),
    };
    let needs = (0..rng.random_range(1..=3))
        .map(|_| Need::ALL[rng.random_range(0..Need::ALL.len() as u32) as usize])
        .collect();
    let mut situation = Situation {
        reference_date: NaiveDate::MIN,
        age,
        household,
        household_size: None,
        partner_age: has_partner.then(|| rng.random_range(18..=95)),
        children,
        income_percent: rng.random_bool(0.7).then(|| rng.random_range(60..=200)),
        living: if rng.random_bool(0.05) {
            Living::Institution
        } else {
            Living::Independent
        },
        mobility: match rng.random_range(0..10) {
            0..=6 => Mobility::None,
            7..=8 => Mobility::WalksWithDifficulty,
            _ => Mobility::WheelchairUser,
        },
        has_informal_carer: rng.random_bool(0.2),
        is_informal_carer: rng.random_bool(0.15),
        wlz_indication: rng.random_bool(0.05),
        urgent: rng.random_bool(0.05),
        needs,
        // Drawn below, from a stream of their own.
        ..resident(age)
    };
    draw_later_facts(&mut situation, seed, i);
    situation
}

/// The facts added after the first populations were published, drawn from a stream of their own:
/// the facts drawn before keep their values for every seed, so an earlier report's situations
/// are the same residents with more said about them.
fn draw_later_facts(s: &mut Situation, seed: u64, i: u64) {
    let mut rng = Pcg64Mcg::seed_from_u64(!seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
    if s.has_adult_housemate() {
        s.housemate_help = rng.random_bool(0.4).then(|| {
            [
                HousemateHelp::CanHelp,
                HousemateHelp::CannotHelp,
                HousemateHelp::Overburdened,
            ][rng.random_range(0..3usize)]
        });
        s.housemate_wlz = rng.random_bool(0.03);
    }
    s.need_weeks = rng.random_bool(0.15).then(|| rng.random_range(1..=26));
    if s.needs.contains(&Need::HouseholdTasks) {
        s.household_hours_per_week = rng
            .random_bool(0.5)
            .then(|| f64::from(rng.random_range(1..=8u8)) / 2.0);
    }
    if s.age < 18 {
        s.parents = rng
            .random_bool(0.7)
            .then(|| [Parents::Together, Parents::Single][rng.random_range(0..2usize)]);
    }
    let asks_aid = [
        Need::HomeAdaptation,
        Need::Wheelchair,
        Need::GettingAroundOutdoors,
    ];
    if s.needs.iter().any(|n| asks_aid.contains(n)) {
        s.aid = rng
            .random_bool(0.5)
            .then(|| [Aid::Everyday, Aid::Small, Aid::Special][rng.random_range(0..3usize)]);
    }
    s.pgb_wish = rng.random_bool(0.25).then(|| {
        [
            PgbWish::ManageMyself,
            PgbWish::ManageWithHelp,
            PgbWish::CannotManage,
            PgbWish::InKind,
        ][rng.random_range(0..4usize)]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_situation_is_valid_and_the_same_seed_gives_the_same_population() {
        let a = Population::new(2_000, 7);
        let b = Population::new(2_000, 7);
        for (x, y) in a.iter().zip(b.iter()) {
            assert!(x.check().is_ok(), "{x:?}");
            assert_eq!(x, y);
        }
    }

    #[test]
    fn even_a_small_population_asks_every_need_alone() {
        let first: Vec<_> = Population::new(Need::ALL.len(), 1).iter().collect();
        for need in Need::ALL {
            assert!(
                first.iter().any(|s| s.needs == vec![*need]),
                "{}",
                need.id()
            );
        }
    }

    #[test]
    fn the_random_fill_depends_on_the_seed() {
        let i = Population::grid_size() + 10;
        assert_ne!(
            Population::new(i + 1, 1).situation(i),
            Population::new(i + 1, 2).situation(i)
        );
    }
}
