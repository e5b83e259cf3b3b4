//! `count`: the number of rows; with `half_life_days`, each row weighs
//! 0.5^(age / half-life), so recent rows count fully and older ones fade
//! instead of dropping out at a window's edge.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words};
use crate::metrics::{Evidence, MetricValue};
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Count {
    /// The age in days at which a row counts half.
    pub half_life_days: Option<f64>,
}

impl Primitive for Count {
    const NAME: &'static str = "count";
    /// The weighted count, with a half-life.
    type State = f64;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        Ok(Count {
            half_life_days: p.half_life_days.take(),
        })
    }

    /// A row's weight depends on its age, so it must be dated.
    fn dated(&self) -> bool {
        self.half_life_days.is_some()
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        if let Some(h) = self.half_life_days {
            p.more.push(("half_life_days", format!("{h:?}")));
        }
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, weighted: &mut f64) -> bool {
        if let Some(h) = self.half_life_days {
            let Some(age) = row.age() else {
                return false;
            };
            *weighted += 0.5f64.powf(age as f64 / h);
        }
        ev.count += 1;
        true
    }

    fn finish(&self, weighted: &f64, _: i64, out: &mut MetricValue) {
        out.value = Some(match self.half_life_days {
            Some(_) => *weighted,
            None => out.count as f64,
        });
    }

    fn describe(&self, w: &Words) -> String {
        match self.half_life_days {
            None => format!("the number of {}", w.rows),
            Some(h) => format!(
                "the number of {}, each weighing half as much every {h} days of its {}",
                w.rows, w.date
            ),
        }
    }

    fn write_value(&self, out: &mut String, v: f64) {
        match self.half_life_days {
            None => out.push_str(&format!("{v:.0}")),
            Some(_) => out.push_str(&format!("{v:.1}")),
        }
    }

    fn sql_rows(&self, _: &Query, _: &mut Sql) -> Res<()> {
        Ok(())
    }

    fn sql_group(&self, q: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("0 AS n_hits".into());
        if let Some(h) = self.half_life_days {
            let dbl = q.d.double_type();
            s.aggs.push(format!(
                "SUM(POWER(CAST(0.5 AS {dbl}), CAST({} - m.k_day AS {dbl}) / {})) AS k_agg",
                q.as_of,
                q.num(h)
            ));
        }
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        let col = match self.half_life_days {
            None => "n_rows",
            Some(_) => "k_agg",
        };
        format!("CAST(COALESCE({g}.{col}, 0) AS {})", q.d.double_type())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldId;
    use crate::spec::Duration;

    /// A row of a given age in days.
    struct Row(Option<i64>);

    impl FoldRow for Row {
        fn passes(&mut self, _: usize) -> bool {
            true
        }
        fn text(&self, _: FieldId) -> Option<&[u8]> {
            None
        }
        fn day(&self) -> Option<i64> {
            self.0.map(|age| 100 - age)
        }
        fn age(&self) -> Option<i64> {
            self.0
        }
        fn duration(&self, _: &Duration) -> Option<f64> {
            None
        }
    }

    #[test]
    fn a_half_life_weighs_rows_by_age() {
        let count = Count {
            half_life_days: Some(30.0),
        };
        let (mut ev, mut w) = (Evidence::default(), 0.0);
        for age in [Some(0), Some(30), Some(60), None] {
            count.fold(&mut Row(age), &mut ev, &mut w);
        }
        let mut out = MetricValue {
            count: ev.count,
            ..MetricValue::default()
        };
        count.finish(&w, 100, &mut out);
        assert_eq!(out.count, 3, "an undated row does not count");
        assert_eq!(out.value, Some(1.75));
        let plain = Count {
            half_life_days: None,
        };
        plain.finish(&0.0, 100, &mut out);
        assert_eq!(out.value, Some(3.0));
    }
}
