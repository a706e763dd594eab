//! A situation in one plain sentence, in Dutch and English, for the examples a comparison shows:
//! "Iemand van 75, woont alleen, loopt moeilijk; vraagt om Huishouden".

use crate::catalogue::Text;
use crate::situation::{
    Aid, Household, HousemateHelp, Living, Mobility, Parents, PgbWish, Situation,
};

/// The facts the rules use, only those that differ from the defaults, then the needs.
pub fn describe(s: &Situation) -> Text {
    let mut parts: Vec<(String, String)> = vec![(
        format!("Iemand van {}", s.age),
        format!("Someone aged {}", s.age),
    )];
    let mut add = |nl: &str, en: &str| parts.push((nl.to_string(), en.to_string()));
    match s.household {
        Household::Alone => add("woont alleen", "lives alone"),
        Household::WithPartner => add("woont met partner", "lives with a partner"),
        Household::SingleParent => add("alleenstaande ouder", "single parent"),
        Household::Family => add(
            "gezin met partner en kinderen",
            "family with partner and children",
        ),
        Household::Other => add("woont met anderen", "lives with others"),
    }
    if let Some(age) = s.partner_age {
        add(
            &format!("partner van {age}"),
            &format!("partner aged {age}"),
        );
    }
    if !s.children.is_empty() {
        let ages = s
            .children
            .iter()
            .map(|c| c.age.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        add(
            &format!("kinderen van {ages}"),
            &format!("children aged {ages}"),
        );
    }
    match s.mobility {
        Mobility::None => {}
        Mobility::WalksWithDifficulty => add("loopt moeilijk", "walks with difficulty"),
        Mobility::WheelchairUser => add("gebruikt een rolstoel", "uses a wheelchair"),
    }
    if s.living == Living::Institution {
        add("woont in een instelling", "lives in an institution");
    }
    if s.wlz_indication {
        add("heeft een Wlz-indicatie", "has a Wlz indication");
    }
    if let Some(p) = s.income_percent {
        add(
            &format!("inkomen {p}% van het sociaal minimum"),
            &format!("income {p}% of the social minimum"),
        );
    }
    if s.is_informal_carer {
        add("is mantelzorger", "is an informal carer");
    }
    if s.has_informal_carer {
        add("heeft een mantelzorger", "has an informal carer");
    }
    if s.urgent {
        add("het is dringend", "it is urgent");
    }
    match s.housemate_help {
        Some(HousemateHelp::CanHelp) => add(
            "een huisgenoot kan het huishouden doen",
            "a housemate can do the household tasks",
        ),
        Some(HousemateHelp::CannotHelp) => add(
            "geen huisgenoot kan het huishouden doen",
            "no housemate can do the household tasks",
        ),
        Some(HousemateHelp::Overburdened) => add(
            "de huisgenoot is overbelast",
            "the housemate is overburdened",
        ),
        None => {}
    }
    if let Some(weeks) = s.need_weeks {
        add(
            &format!("hulp nodig voor {weeks} weken"),
            &format!("help needed for {weeks} weeks"),
        );
    }
    if let Some(hours) = s.household_hours_per_week {
        // Whole and half hours, written without float formatting (it would add to the wasm
        // module): 1.5 reads "1,5" and "1.5".
        let halves = (hours * 2.0).round() as u32;
        let (whole, half) = (halves / 2, halves % 2 == 1);
        let (nl, en) = match half {
            true => (format!("{whole},5"), format!("{whole}.5")),
            false => (whole.to_string(), whole.to_string()),
        };
        add(
            &format!("{nl} uur huishoudelijke hulp per week nodig"),
            &format!("needs {en} hours of household help a week"),
        );
    }
    if s.housemate_wlz {
        add(
            "een huisgenoot krijgt Wlz-zorg",
            "a housemate gets Wlz care",
        );
    }
    match s.parents {
        Some(Parents::Together) => add("ouders wonen samen", "parents live together"),
        Some(Parents::Single) => add("één ouder", "one parent"),
        None => {}
    }
    match s.pgb_wish {
        Some(PgbWish::ManageMyself) => add("wil een pgb", "wants a pgb"),
        Some(PgbWish::ManageWithHelp) => add(
            "wil een pgb, met hulp bij het beheer",
            "wants a pgb, with help to manage it",
        ),
        Some(PgbWish::CannotManage) => add(
            "wil een pgb, maar niemand kan het beheren",
            "wants a pgb, but nobody can manage it",
        ),
        Some(PgbWish::InKind) => add("wil zorg in natura", "wants help in kind"),
        None => {}
    }
    match s.aid {
        Some(Aid::Everyday) => add(
            "vraagt iets wat je gewoon in de winkel koopt",
            "asks for something sold in ordinary shops",
        ),
        Some(Aid::Small) => add("vraagt een klein hulpmiddel", "asks for a small aid"),
        Some(Aid::Special) => add(
            "vraagt een aanpassing of hulpmiddel op maat",
            "asks for an adaptation or a special aid",
        ),
        None => {}
    }
    let needs = |pick: fn(Text) -> String| {
        s.needs
            .iter()
            .map(|n| pick(n.name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let join = |pick: fn(&(String, String)) -> &String| {
        parts
            .iter()
            .map(pick)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    };
    Text::new(
        format!("{}; vraagt om {}", join(|p| &p.0), needs(|t| t.nl)),
        format!("{}; asks about {}", join(|p| &p.1), needs(|t| t.en)),
    )
}

#[cfg(test)]
mod tests {
    use super::describe;
    use crate::Situation;

    #[test]
    fn a_situation_reads_as_one_sentence_with_only_what_is_not_default() {
        let s = Situation::from_json(
            r#"{"reference_date":"2026-03-01","age":75,"mobility":"walks_with_difficulty","needs":["household_tasks"]}"#,
        )
        .unwrap();
        let text = describe(&s);
        assert_eq!(
            text.nl,
            "Iemand van 75, woont alleen, loopt moeilijk; vraagt om Huishouden"
        );
        assert_eq!(
            text.en,
            "Someone aged 75, lives alone, walks with difficulty; asks about Household tasks"
        );
    }
}
