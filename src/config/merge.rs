//! Merging layers: the built-in base, the set a file `extends`, vendor presets
//! and the user's file, each parsed on its own, folded into one [`Merged`] in
//! which every value remembers the layer it was written in, for its errors.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use toml::Spanned;

use super::error::{self, ConfigError, Source};
use super::raw::{
    self, OneOrMany, RawBand, RawClass, RawFact, RawMetric, RawRole, RawRule, RawRuleSet,
};
use crate::spec::{Better, IfNone, Shape};

/// One parsed layer and the text its spans point into.
#[derive(Debug)]
pub(super) struct Layer {
    pub(super) source: Source,
    pub(super) raw: RawRuleSet,
}

impl Layer {
    /// Parses a rule file (or a built-in set) as one layer.
    pub(super) fn parse(source: Source) -> Result<Layer, ConfigError> {
        let raw = toml::from_str(&source.text).map_err(|e| ConfigError::from_toml(&source, &e))?;
        Ok(Layer { source, raw })
    }
}

/// A value with the index of the source it was written in.
#[derive(Debug, Clone)]
pub(super) struct At<T> {
    pub(super) v: T,
    pub(super) src: usize,
}

#[derive(Debug, Clone)]
pub(super) struct MergedRule {
    pub(super) id: At<Spanned<String>>,
    pub(super) element: Option<String>,
    pub(super) title: Option<String>,
    pub(super) why: Option<String>,
    pub(super) enabled: Option<bool>,
    pub(super) metric: Option<At<Spanned<RawMetric>>>,
    pub(super) fallback: Option<At<Vec<Spanned<RawMetric>>>>,
    pub(super) better: Option<At<Range<usize>>>,
    pub(super) better_value: Option<Better>,
    pub(super) full: Option<At<Spanned<f64>>>,
    pub(super) zero: Option<At<Spanned<f64>>>,
    pub(super) shape: Option<Shape>,
    pub(super) relative: Option<bool>,
    pub(super) weight: Option<At<Spanned<f64>>>,
    pub(super) if_none: Option<IfNone>,
    pub(super) applies_to: Option<At<Spanned<String>>>,
    pub(super) when_band: Option<Vec<At<Spanned<String>>>>,
    pub(super) cap_band: Option<At<Spanned<String>>>,
    pub(super) flag: Option<String>,
    pub(super) contact: Option<At<Spanned<String>>>,
    pub(super) due_days: Option<At<Spanned<i64>>>,
    pub(super) urgency: Option<At<Spanned<String>>>,
    pub(super) min_shortfall: Option<At<Spanned<f64>>>,
    pub(super) action: Option<At<Spanned<String>>>,
    pub(super) action_if_none: Option<At<Spanned<String>>>,
}

/// The keys of a rule that an override may remove with `unset`: the optional
/// ones (a rule cannot be left without its metric, curve, title or action).
const UNSETTABLE: [&str; 11] = [
    "why",
    "weight",
    "if_none",
    "applies_to",
    "when_band",
    "cap_band",
    "flag",
    "contact",
    "due_days",
    "action_if_none",
    "fallback",
];

impl MergedRule {
    pub(super) fn new(id: At<Spanned<String>>) -> Self {
        MergedRule {
            id,
            element: None,
            title: None,
            why: None,
            enabled: None,
            metric: None,
            fallback: None,
            better: None,
            better_value: None,
            full: None,
            zero: None,
            shape: None,
            relative: None,
            weight: None,
            if_none: None,
            applies_to: None,
            when_band: None,
            cap_band: None,
            flag: None,
            contact: None,
            due_days: None,
            urgency: None,
            min_shortfall: None,
            action: None,
            action_if_none: None,
        }
    }

    fn apply(&mut self, r: RawRule, src: usize, source: &Source) -> Result<(), ConfigError> {
        let unset = r.unset.clone().unwrap_or_default();
        for key in &unset {
            let given = match key.get_ref().as_str() {
                "why" => r.why.is_some(),
                "fallback" => r.fallback.is_some(),
                "weight" => r.weight.is_some(),
                "if_none" => r.if_none.is_some(),
                "applies_to" => r.applies_to.is_some(),
                "when_band" => r.when_band.is_some(),
                "cap_band" => r.cap_band.is_some(),
                "flag" => r.flag.is_some(),
                "contact" => r.contact.is_some(),
                "due_days" => r.due_days.is_some(),
                "action_if_none" => r.action_if_none.is_some(),
                other => {
                    return Err(ConfigError::at(
                        source,
                        key.span(),
                        format!(
                            "`unset` cannot remove '{other}', expected one of: {}",
                            UNSETTABLE.join(", ")
                        ),
                    ));
                }
            };
            if given {
                return Err(ConfigError::at(
                    source,
                    key.span(),
                    format!(
                        "the rule both sets and unsets `{}`; keep one",
                        key.get_ref()
                    ),
                ));
            }
        }
        self.set(r, src);
        for key in unset {
            match key.get_ref().as_str() {
                "why" => self.why = None,
                "fallback" => self.fallback = None,
                "weight" => self.weight = None,
                "if_none" => self.if_none = None,
                "applies_to" => self.applies_to = None,
                "when_band" => self.when_band = None,
                "cap_band" => self.cap_band = None,
                "flag" => self.flag = None,
                "contact" => self.contact = None,
                "due_days" => self.due_days = None,
                "action_if_none" => self.action_if_none = None,
                // Checked above.
                _ => {}
            }
        }
        Ok(())
    }

    fn set(&mut self, r: RawRule, src: usize) {
        let at = |v| At { v, src };
        macro_rules! over {
            ($($f:ident),*) => { $( if r.$f.is_some() { self.$f = r.$f; } )* };
        }
        over!(element, title, why, enabled, if_none, flag);
        if let Some(m) = r.metric {
            self.metric = Some(at(m));
        }
        if let Some(f) = r.fallback {
            self.fallback = Some(At { v: f, src });
        }
        if let Some(c) = r.curve {
            let span = c.span();
            let c = c.into_inner();
            if let Some(b) = c.better {
                self.better = Some(At { v: span, src });
                self.better_value = Some(b);
            }
            if let Some(f) = c.full {
                self.full = Some(At { v: f, src });
            }
            if let Some(z) = c.zero {
                self.zero = Some(At { v: z, src });
            }
            if c.shape.is_some() {
                self.shape = c.shape;
            }
            if c.relative.is_some() {
                self.relative = c.relative;
            }
        }
        if let Some(w) = r.weight {
            self.weight = Some(At { v: w, src });
        }
        if let Some(a) = r.applies_to {
            self.applies_to = Some(At { v: a, src });
        }
        if let Some(w) = r.when_band {
            self.when_band = Some(w.into_iter().map(|v| At { v, src }).collect());
        }
        if let Some(c) = r.cap_band {
            self.cap_band = Some(At { v: c, src });
        }
        if let Some(c) = r.contact {
            self.contact = Some(At { v: c, src });
        }
        if let Some(d) = r.due_days {
            self.due_days = Some(At { v: d, src });
        }
        if let Some(u) = r.urgency {
            self.urgency = Some(At { v: u, src });
        }
        if let Some(t) = r.min_shortfall {
            self.min_shortfall = Some(At { v: t, src });
        }
        if let Some(a) = r.action {
            self.action = Some(At { v: a, src });
        }
        if let Some(a) = r.action_if_none {
            self.action_if_none = Some(At { v: a, src });
        }
    }
}

/// A class's `why`, its keywords, and the source that last touched it.
pub(super) type MergedClass = (Option<String>, Vec<At<Spanned<String>>>, usize);
/// `[columns.TABLE] field = headers`, each part with its source.
pub(super) type ColumnOverride = (
    At<Spanned<String>>,
    At<Spanned<String>>,
    At<Spanned<OneOrMany>>,
);

/// `[date_order] header = order`, each part with its source.
pub(super) type DateOrderEntry = (At<Spanned<String>>, At<Spanned<String>>);
/// `[tables] TABLE = name`, each part with its source.
pub(super) type TableOverride = (At<Spanned<String>>, At<Spanned<raw::TableName>>);

#[derive(Default)]
pub(super) struct Merged {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) bands: Option<At<Spanned<Vec<RawBand>>>>,
    pub(super) classes: BTreeMap<String, MergedClass>,
    pub(super) class_order: Vec<String>,
    pub(super) roles: Option<At<Spanned<Vec<RawRole>>>>,
    pub(super) facts: Vec<(String, At<Spanned<RawFact>>)>,
    pub(super) columns: Vec<ColumnOverride>,
    pub(super) date_orders: Vec<DateOrderEntry>,
    pub(super) tables: Vec<TableOverride>,
    pub(super) rules: Vec<MergedRule>,
    pub(super) min_coverage: Option<At<Spanned<f64>>>,
    pub(super) customer_fact: Option<At<Spanned<String>>>,
    pub(super) uninformative_share: Option<At<Spanned<f64>>>,
    pub(super) uninformative_min_accounts: Option<At<Spanned<i64>>>,
    pub(super) min_history_days: Option<At<Spanned<i64>>>,
    /// `[actions]`, each setting from the last layer that gives it.
    pub(super) actions: MergedActions,
}

#[derive(Default)]
pub(super) struct MergedActions {
    pub(super) min_shortfall: Option<At<Spanned<f64>>>,
    pub(super) per_account: Option<At<Spanned<i64>>>,
    pub(super) this_week: Option<At<Spanned<i64>>>,
    pub(super) per_call: Option<At<Spanned<i64>>>,
}

/// Folds the layers, base first, into one; returns the merged values and the
/// layers' sources, which the values' `src` indices point into.
pub(super) fn merge(layers: Vec<Layer>) -> Result<(Merged, Vec<Source>), ConfigError> {
    let mut merged = Merged::default();
    let mut sources = Vec::with_capacity(layers.len());
    for (src, layer) in layers.into_iter().enumerate() {
        merge_layer(&mut merged, layer.raw, src, &layer.source)?;
        sources.push(layer.source);
    }
    Ok((merged, sources))
}

fn merge_layer(
    m: &mut Merged,
    raw: RawRuleSet,
    src: usize,
    source: &Source,
) -> Result<(), ConfigError> {
    if raw.name.is_some() {
        m.name = raw.name;
    }
    if raw.description.is_some() {
        m.description = raw.description;
    }
    if let Some(s) = raw.scoring {
        let at = |v| At { v, src };
        if let Some(v) = s.min_coverage {
            m.min_coverage = Some(at(v));
        }
        if let Some(v) = s.customer_fact {
            m.customer_fact = Some(At { v, src });
        }
        if let Some(v) = s.uninformative_share {
            m.uninformative_share = Some(at(v));
        }
        if let Some(v) = s.uninformative_min_accounts {
            m.uninformative_min_accounts = Some(At { v, src });
        }
        if let Some(v) = s.min_history_days {
            m.min_history_days = Some(At { v, src });
        }
    }
    if let Some(b) = raw.band {
        m.bands = Some(At { v: b, src });
    }
    if let Some(r) = raw.role {
        m.roles = Some(At { v: r, src });
    }
    if let Some(a) = raw.actions {
        let at = &mut m.actions;
        if let Some(v) = a.min_shortfall {
            at.min_shortfall = Some(At { v, src });
        }
        if let Some(v) = a.per_account {
            at.per_account = Some(At { v, src });
        }
        if let Some(v) = a.this_week {
            at.this_week = Some(At { v, src });
        }
        if let Some(v) = a.per_call {
            at.per_call = Some(At { v, src });
        }
    }
    for (name, class) in raw.classes.unwrap_or_default() {
        let span = class.span();
        let RawClass { why, keywords, add } = class.into_inner();
        if keywords.is_some() && add.is_some() {
            return Err(ConfigError::at(
                source,
                span,
                format!(
                    "class '{name}' has both `match` and `add`: `match` replaces the keywords, `add` extends them; use one"
                ),
            ));
        }
        let entry = m.classes.entry(name.clone()).or_insert_with(|| {
            m.class_order.push(name.clone());
            (None, Vec::new(), src)
        });
        if why.is_some() {
            entry.0 = why;
        }
        if let Some(k) = keywords {
            entry.1 = k.into_iter().map(|v| At { v, src }).collect();
        } else if let Some(a) = add {
            if entry.1.is_empty() && entry.2 == src {
                return Err(ConfigError::at(
                    source,
                    span,
                    format!(
                        "class '{name}' uses `add` but no base class of that name exists; use `match`"
                    ),
                ));
            }
            entry.1.extend(a.into_iter().map(|v| At { v, src }));
        } else if entry.1.is_empty() {
            return Err(ConfigError::at(
                source,
                span,
                format!("class '{name}' has no keywords: give `match = [...]`"),
            ));
        }
        entry.2 = src;
    }
    for (name, fact) in raw.facts.unwrap_or_default() {
        m.facts.retain(|(n, _)| *n != name);
        m.facts.push((name, At { v: fact, src }));
    }
    for (table, fields) in raw.columns.unwrap_or_default() {
        for (field, headers) in fields {
            m.columns.push((
                At {
                    v: table.clone(),
                    src,
                },
                At { v: field, src },
                At { v: headers, src },
            ));
        }
    }
    for (header, order) in raw.date_order.unwrap_or_default() {
        m.date_orders
            .push((At { v: header, src }, At { v: order, src }));
    }
    for (table, name) in raw.tables.unwrap_or_default() {
        m.tables.retain(|(t, _)| t.v.get_ref() != table.get_ref());
        m.tables.push((At { v: table, src }, At { v: name, src }));
    }
    let mut seen_here: HashMap<String, Range<usize>> = HashMap::new();
    for rule in raw.rule.unwrap_or_default() {
        let rule = rule.into_inner();
        let id = rule.id.get_ref().clone();
        if let Some(first) = seen_here.get(&id) {
            let (line, col) = error::line_col(&source.text, first.start);
            return Err(ConfigError::at(
                source,
                rule.id.span(),
                format!("duplicate rule id '{id}' (first defined at line {line}, column {col})"),
            ));
        }
        seen_here.insert(id.clone(), rule.id.span());
        if !valid_id(&id) {
            return Err(ConfigError::at(
                source,
                rule.id.span(),
                format!("rule id '{id}' must be lower-case letters, digits and dashes"),
            ));
        }
        match m.rules.iter_mut().find(|r| *r.id.v.get_ref() == id) {
            Some(existing) => existing.apply(rule, src, source)?,
            None => {
                let mut new = MergedRule::new(At {
                    v: rule.id.clone(),
                    src,
                });
                new.apply(rule, src, source)?;
                m.rules.push(new);
            }
        }
    }
    Ok(())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}
