//! Filters in SQL: what a row of `rows_T` must pass, written to hold where the
//! engine's filters hold (keyword classes, lists ignoring case, presence).

use crate::model::{Derivation, FieldId, FieldKind, Table};
use crate::spec::{Filter, FilterOp};

use super::dialect::ascii_case_pattern;
use super::layout;
use super::query::{Query, Res, SqlError};

impl Query<'_> {
    /// Whether `text` (an SQL expression, not NULL) matches a keyword class.
    pub(super) fn class_match(&self, class: usize, text: &str, owner: &str) -> Res<String> {
        let pattern = self.class_patterns[class].clone().map_err(|e| {
            SqlError(format!(
                "{owner}: class '{}' cannot be written in {}: {}",
                self.rules.classes[class].name, self.d, e.0
            ))
        })?;
        Ok(self.d.regex_contains(text, &pattern))
    }

    /// A field's text on a row of `rows_T`.
    pub(crate) fn text_col(&self, t: Table, f: FieldId) -> String {
        match t.def(f).derive {
            Derivation::ContactRole => "contact_role".into(),
            _ => self.alias(t, f),
        }
    }

    pub(super) fn filter(&self, t: Table, filter: &Filter, owner: &str) -> Res<String> {
        let any = |parts: Vec<String>| {
            if parts.is_empty() {
                "FALSE".to_string()
            } else {
                format!("({})", parts.join(" OR "))
            }
        };
        let equal_any = |list: &[String]| -> Res<Vec<String>> {
            if list.is_empty() {
                return Ok(Vec::new());
            }
            let alternatives: Vec<String> = list.iter().map(|v| ascii_case_pattern(v)).collect();
            let pattern = self.lit(&format!("^(?:{})$", alternatives.join("|")), owner)?;
            Ok(filter
                .fields
                .iter()
                .map(|&f| {
                    format!(
                        "COALESCE({}, FALSE)",
                        self.d.regex_contains(&self.text_col(t, f), &pattern)
                    )
                })
                .collect())
        };
        if matches!(
            filter.op,
            FilterOp::In(_) | FilterOp::NotIn(_) | FilterOp::Matches(_) | FilterOp::NotMatches(_)
        ) && let Some(&f) = filter
            .fields
            .iter()
            .find(|&&f| matches!(t.def(f).kind, FieldKind::Bool | FieldKind::Date))
        {
            return Err(SqlError(format!(
                "{owner} compares the text of {t}.{}, but in {} that field is a typed {} column, not text as written; use `is` or `present` on it",
                t.def(f).name,
                self.d,
                if t.def(f).kind == FieldKind::Bool {
                    "boolean"
                } else {
                    "date"
                }
            )));
        }
        Ok(match &filter.op {
            FilterOp::In(list) => any(equal_any(list)?),
            FilterOp::NotIn(list) => format!("NOT {}", any(equal_any(list)?)),
            FilterOp::Matches(c) | FilterOp::NotMatches(c) => {
                let parts = filter
                    .fields
                    .iter()
                    .map(|&f| {
                        Ok(format!(
                            "COALESCE({}, FALSE)",
                            self.class_match(*c, &self.text_col(t, f), owner)?
                        ))
                    })
                    .collect::<Res<Vec<_>>>()?;
                if matches!(filter.op, FilterOp::Matches(_)) {
                    any(parts)
                } else {
                    format!("NOT {}", any(parts))
                }
            }
            FilterOp::Present(want) => {
                let parts = filter
                    .fields
                    .iter()
                    .map(|&f| {
                        let col = match t.def(f).kind {
                            FieldKind::Bool => format!("v_{}", layout::sanitise(t.def(f).name)),
                            _ => self.text_col(t, f),
                        };
                        format!("{col} IS NOT NULL")
                    })
                    .collect();
                if *want {
                    any(parts)
                } else {
                    format!("NOT {}", any(parts))
                }
            }
            FilterOp::Is(want) => {
                let want = if *want { "TRUE" } else { "FALSE" };
                any(filter
                    .fields
                    .iter()
                    .map(|&f| {
                        format!(
                            "COALESCE(v_{} = {want}, FALSE)",
                            layout::sanitise(t.def(f).name)
                        )
                    })
                    .collect())
            }
        })
    }

    pub(crate) fn all(&self, t: Table, filters: &[Filter], owner: &str) -> Res<String> {
        if filters.is_empty() {
            return Ok("TRUE".into());
        }
        let parts = filters
            .iter()
            .map(|f| self.filter(t, f, owner))
            .collect::<Res<Vec<_>>>()?;
        Ok(format!("({})", parts.join(" AND ")))
    }
}
