//! A rectangle of a sheet with the label-finding helpers every form
//! detector needs: anchor cells in reading order, normalised labels, text
//! cells that follow merges, and the used area.

use crate::forms::labels::norm;
use crate::forms::self_eval::TextCell;
use crate::workbook::{CellRef, Rect, Sheet};

#[derive(Clone, Copy)]
pub struct Region<'a> {
    pub sheet: &'a Sheet,
    pub rect: Rect,
}

impl<'a> Region<'a> {
    /// Rows `top..=bottom`, all columns.
    pub fn rows(sheet: &'a Sheet, top: u32, bottom: u32) -> Self {
        let right = sheet.extent().map_or(0, |(_, c)| c);
        Region {
            sheet,
            rect: Rect {
                top,
                left: 0,
                bottom,
                right,
            },
        }
    }

    /// Anchor cells (not covered by a merge) in row-major order.
    pub fn anchors(&self) -> impl Iterator<Item = (u32, u32)> + 'a {
        let (sheet, rect) = (self.sheet, self.rect);
        sheet
            .cells
            .range((rect.top, 0)..=(rect.bottom, u32::MAX))
            .map(|(&k, _)| k)
            .filter(move |&(r, c)| c <= rect.right && sheet.anchor(r, c) == (r, c))
    }

    /// Normalised own text of a cell.
    pub fn label(&self, r: u32, c: u32) -> String {
        norm(&self.sheet.own_text(r, c))
    }

    /// First anchor cell whose normalised text satisfies `pred`.
    pub fn find(&self, pred: impl Fn(&str) -> bool) -> Option<(u32, u32)> {
        self.anchors().find(|&(r, c)| pred(&self.label(r, c)))
    }

    /// The text shown at (r, c) and the cell that holds it.
    pub fn text_cell(&self, r: u32, c: u32) -> TextCell {
        let (r, c) = self.sheet.anchor(r, c);
        TextCell {
            at: CellRef::new(&self.sheet.name, r, c),
            text: self.sheet.text(r, c),
        }
    }

    /// Right edge of the merge holding (r, c), or c.
    pub fn right_edge(&self, r: u32, c: u32) -> u32 {
        self.sheet.merge_at(r, c).map_or(c, |m| m.right)
    }

    /// The smallest rectangle holding every filled cell (with its merge),
    /// clipped to the region's rows.
    pub fn used_rect(&self) -> Rect {
        let mut rect: Option<Rect> = None;
        for (r, c) in self.anchors() {
            if self.sheet.own_text(r, c).is_empty() {
                continue;
            }
            let m = self.sheet.merge_at(r, c).copied().unwrap_or(Rect {
                top: r,
                left: c,
                bottom: r,
                right: c,
            });
            rect = Some(match rect {
                None => m,
                Some(x) => Rect {
                    top: x.top.min(m.top),
                    left: x.left.min(m.left),
                    bottom: x.bottom.max(m.bottom.min(self.rect.bottom)),
                    right: x.right.max(m.right),
                },
            });
        }
        rect.unwrap_or(Rect {
            bottom: self.rect.top,
            right: self.rect.left,
            ..self.rect
        })
    }
}
