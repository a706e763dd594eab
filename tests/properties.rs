//! Properties that hold for every schema-valid situation and every bundled municipality.
//! proptest generates the situations and shrinks any failure to a minimal one.

use proptest::prelude::*;
use std::sync::OnceLock;
use toegang::catalogue::Need;
use toegang::situation::{
    Aid, Child, Household, HousemateHelp, Living, Mobility, Parents, PgbWish,
};
use toegang::{Registry, Route, Situation};

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| Registry::bundled().expect("bundled rule sets compile"))
}

fn municipalities() -> Vec<String> {
    registry()
        .summaries()
        .into_iter()
        .filter(|s| s.cbs_code.is_some())
        .map(|s| s.id)
        .collect()
}

prop_compose! {
    fn situation()(
        day in 0u32..365,
        age in 0u8..=110,
        household in prop::sample::select(vec![Household::Alone, Household::WithPartner, Household::SingleParent, Household::Family, Household::Other]),
        partner_age in 18u8..=100,
        children in prop::collection::vec(0u8..=25, 0..4),
        income_percent in prop::option::of(0u16..=300),
        living in prop::sample::select(vec![Living::Independent, Living::Institution]),
        mobility in prop::sample::select(vec![Mobility::None, Mobility::WalksWithDifficulty, Mobility::WheelchairUser]),
        flags in prop::array::uniform4(any::<bool>()),
        needs in prop::collection::vec(prop::sample::select(Need::ALL.to_vec()), 0..6),
        housemate_help in prop::option::of(prop::sample::select(vec![HousemateHelp::CanHelp, HousemateHelp::CannotHelp, HousemateHelp::Overburdened])),
        need_weeks in prop::option::of(1u16..=520),
        later in (
            prop::option::of(1u8..=80),
            any::<bool>(),
            prop::option::of(prop::sample::select(vec![Parents::Together, Parents::Single])),
            prop::option::of(prop::sample::select(vec![PgbWish::ManageMyself, PgbWish::ManageWithHelp, PgbWish::CannotManage, PgbWish::InKind])),
            prop::option::of(prop::sample::select(vec![Aid::Everyday, Aid::Small, Aid::Special])),
            prop::option::of(0u32..=5000),
        ),
    ) -> Situation {
        let (half_hours, housemate_wlz, parents, pgb_wish, aid, net_income) = later;
        let has_partner = matches!(household, Household::WithPartner | Household::Family);
        // Only where someone aged 18 or over lives with the resident.
        let adult_housemate = has_partner || household == Household::Other || children.iter().any(|a| *a >= 18);
        Situation {
            // Every bundled rule set is valid throughout 2026.
            reference_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day.into()),
            age,
            household,
            household_size: None,
            partner_age: has_partner.then_some(partner_age),
            children: children.into_iter().map(|age| Child { age }).collect(),
            income_percent,
            // The income in euros instead, where no percentage is given.
            net_income_per_month: net_income.filter(|_| income_percent.is_none()),
            living,
            mobility,
            has_informal_carer: flags[0],
            is_informal_carer: flags[1],
            wlz_indication: flags[2],
            urgent: flags[3],
            housemate_help: housemate_help.filter(|_| adult_housemate),
            need_weeks,
            // Each later fact only where the situation allows it, as the schema's checks say.
            household_hours_per_week: half_hours
                .map(|h| f64::from(h) / 2.0)
                .filter(|_| needs.contains(&Need::HouseholdTasks)),
            housemate_wlz: housemate_wlz && adult_housemate,
            // Only for an adult asking personal care, as the check says.
            personal_care_guidance: flags[0] && age >= 18 && needs.contains(&Need::PersonalCare),
            parents: parents.filter(|_| age < 18),
            pgb_wish,
            aid: aid.filter(|_| {
                needs.iter().any(|n| matches!(n, Need::HomeAdaptation | Need::Wheelchair | Need::GettingAroundOutdoors))
            }),
            needs,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn advice_holds_its_promises_for_every_municipality(situation in situation()) {
        prop_assert!(situation.check().is_ok(), "the generator makes valid situations");
        for id in municipalities() {
            let advice = registry().advise(&id, &situation);
            prop_assert!(advice.is_ok(), "{id}: {:?}", advice.err());
            let advice = advice.unwrap();

            // Deterministic, byte for byte.
            let again = registry().advise(&id, &situation).unwrap();
            prop_assert_eq!(serde_json::to_string(&advice).unwrap(), serde_json::to_string(&again).unwrap());

            // A provision appears once.
            let mut ids: Vec<_> = advice.provisions.iter().map(|p| p.provision.as_str()).collect();
            ids.sort();
            let before = ids.len();
            ids.dedup();
            prop_assert_eq!(before, ids.len(), "{}: a provision twice", id);

            // Every asked need gets a provision or an explicit "nothing for this need".
            for need in &situation.needs {
                let served = advice.provisions.iter().any(|p| p.needs.contains(need));
                let unmet = advice.unmet_needs.iter().any(|u| u.need == *need);
                prop_assert!(served ^ unmet, "{}: need {} served={} unmet={}", id, need.id(), served, unmet);
            }

            prop_assert!(advice.client_support.free);
            for p in &advice.provisions {
                match p.route {
                    Route::OpenAccess => prop_assert!(p.access.is_some(), "{}: {} open access without a door", id, p.provision),
                    Route::DecisionRequired => {
                        let decision = p.decision.as_ref();
                        prop_assert!(decision.is_some_and(|d| d.term_weeks > 0), "{}: {} without a term", id, p.provision);
                    }
                    Route::Elsewhere => prop_assert!(p.elsewhere.is_some(), "{}: {} elsewhere without where", id, p.provision),
                    Route::NotOffered => prop_assert!(!p.reasons.is_empty(), "{}: {} not offered without a reason", id, p.provision),
                }
            }
        }
    }
}
