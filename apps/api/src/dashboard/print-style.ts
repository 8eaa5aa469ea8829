import { raw } from './html';

/**
 * Every dashboard page on paper (A4): what only serves on a screen goes (menus, skip links,
 * forms, buttons, the footer's link lists), links read as text, tables fit the page's width
 * (their cells wrap, the sticky column lets go), rows, figures and charts are not cut across two
 * sheets, and collapsed content (the charts' data under `<details>`) is printed open. The
 * overview's map of 92 columns cannot fit a sheet (the largest source document alone has 71
 * commitments, ~2,700 px at the screen's cell width, against ~720 px on A4 portrait and ~1,050 on
 * landscape), so on paper it gives way to its list by ministry (`.cz-map-list`), as on a phone.
 *
 * The DSFR's own print sheet (in `dsfr.min.css`) already hides the skip links, the header's tools
 * and menu, the breadcrumb and the footer; these rules complete it. The footer is replaced by one
 * line, `.cz-print-only` (hidden on screens).
 */
export const PRINT_STYLE = raw(`<style>
@media screen{.cz-print-only{display:none}}
@media print{
@page{size:A4;margin:12mm 10mm}
html{font-size:87.5%}
html,body{background:#fff}
.fr-skiplinks,.fr-header__tools,.fr-header__navbar,.fr-header__menu,.fr-breadcrumb,.fr-footer,
main form,.fr-btn,.fr-btns-group,button,.cz-screen-only,.fr-alert .fr-btn--close{display:none!important}
.fr-header{box-shadow:none;border-bottom:1px solid #ddd}
.fr-header__service::before{display:none}
.cz-print-only{display:block}
.cz-print-footer{margin:1rem 0 0;padding-top:.5rem;border-top:1px solid #ddd;font-size:.75rem;line-height:1rem}
a,a:visited,a:hover{color:inherit!important;text-decoration:none!important;background-image:none!important}
a[href]::after,a[href]::before{content:none!important;display:none!important}
.fr-link{padding:0}
h1,h2,h3,h4,caption{break-after:avoid;page-break-after:avoid}
tr,li,figure,svg,.fr-callout,.fr-alert,.cz-chart,.cz-figures,.cz-ministry-list__item{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group;break-after:avoid}
tbody tr:first-child{break-before:avoid}
.fr-table{margin-bottom:1rem}
.fr-table .fr-table__wrapper,.fr-table .fr-table__container,.fr-table .fr-table__content{overflow:visible!important;width:100%!important;max-width:100%!important}
.fr-table .fr-table__wrapper::after{display:none}
.fr-table table,.fr-table .fr-table__content table{width:100%!important;max-width:100%!important;display:table!important;table-layout:auto}
.fr-table .fr-table__content th,.fr-table .fr-table__content td{white-space:normal!important;overflow-wrap:break-word;font-size:.75rem!important;line-height:1rem!important;padding:.25rem .375rem!important;min-width:0!important}
.fr-table .fr-table__content td.cz-nowrap{white-space:nowrap!important;overflow-wrap:normal}
.fr-table .fr-table__content th[scope=row]{position:static!important}
.fr-table .fr-text--sm,.fr-table .fr-text--xs,.fr-table li,.fr-table p{font-size:.75rem!important;line-height:1rem!important}
.fr-table td ul,.fr-table td ol{padding-left:1rem;margin:0}
.fr-table caption{font-size:.875rem;line-height:1.25rem}
.cz-reasons{min-width:0}
.cz-progress{gap:.25rem}
.cz-progress__track{width:2.5rem}
.cz-progress__value{min-width:0}
.cz-timeline{width:4.5rem;height:auto}
.cz-chart{max-width:100%}
.cz-heatmap,.cz-map-legend{display:none!important}
.cz-map-list{display:block!important}
.cz-ministry-list{columns:2;column-gap:2rem}
#engagements{break-before:page}
.cz-ministry-list__item h3 a{min-height:0;padding:0}
.fr-collapse{--collapse-max-height:none!important;--collapse:inherit!important;max-height:none!important;visibility:visible!important}
details>summary{list-style:none;font-weight:700}
details>summary::-webkit-details-marker{display:none}
details::details-content{content-visibility:visible!important;display:block!important;height:auto!important}
.cz-mail{white-space:pre-wrap;background:none;border:1px solid #ddd}
}
</style>`);
