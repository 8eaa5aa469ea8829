import { formatValue, frenchDate } from '@cosinum/domain';
import {
  chartDescription,
  chartGeometry,
  type ChartOptions,
  type Marker,
} from '@cosinum/presentation';
import { html, type Html } from './html';

const COLOURS = {
  values: '#000091',
  target: '#18753c',
  forecast: '#b34000',
  original: '#666666',
  extension: '#6e445a',
  current: '#ce0500',
  asOf: '#929292',
  milestone: '#000091',
  axis: '#3a3a3a',
  grid: '#dddddd',
} as const;

const MARKER_STYLE: Record<Marker['kind'], { colour: string; dash: string; label: string }> = {
  asOf: { colour: COLOURS.asOf, dash: '1 3', label: 'date de situation' },
  original: { colour: COLOURS.original, dash: '6 3', label: 'échéance initiale' },
  extension: { colour: COLOURS.extension, dash: '2 2', label: 'report' },
  current: { colour: COLOURS.current, dash: '', label: 'échéance actuelle' },
};

export const chartSvg = (o: ChartOptions): Html => {
  const g = chartGeometry(o);
  const { plot } = g;
  const polyline = g.points.map((p) => `${p.x},${p.y}`).join(' ');
  return html`<svg
    viewBox="0 0 ${g.width} ${g.height}"
    role="img"
    aria-labelledby="${o.id}-titre ${o.id}-desc"
    focusable="false"
  >
    <title id="${o.id}-titre">${o.title}</title>
    <desc id="${o.id}-desc">${chartDescription(o)}</desc>
    <g aria-hidden="true">
      ${g.yTicks.map(
        (t) =>
          html`<line
              x1="${plot.left}"
              x2="${plot.right}"
              y1="${t.at}"
              y2="${t.at}"
              stroke="${COLOURS.grid}"
              stroke-width="1"
            />
            <text
              x="${plot.left - 6}"
              y="${t.at + 4}"
              text-anchor="end"
              font-size="11"
              fill="${COLOURS.axis}"
              >${t.label}</text
            >`,
      )}
      ${g.xTicks.map(
        (t) =>
          html`<line
              x1="${t.at}"
              x2="${t.at}"
              y1="${plot.bottom}"
              y2="${plot.bottom + 4}"
              stroke="${COLOURS.axis}"
            />
            <text
              x="${t.at}"
              y="${plot.bottom + 18}"
              text-anchor="middle"
              font-size="11"
              fill="${COLOURS.axis}"
              >${t.label}</text
            >`,
      )}
      <line
        x1="${plot.left}"
        x2="${plot.right}"
        y1="${plot.bottom}"
        y2="${plot.bottom}"
        stroke="${COLOURS.axis}"
      />
      <line
        x1="${plot.left}"
        x2="${plot.left}"
        y1="${plot.top}"
        y2="${plot.bottom}"
        stroke="${COLOURS.axis}"
      />
      ${g.markers.map((m) => {
        const s = MARKER_STYLE[m.kind];
        return html`<line
          class="cz-marker cz-marker--${m.kind}"
          x1="${m.x}"
          x2="${m.x}"
          y1="${plot.top}"
          y2="${plot.bottom}"
          stroke="${s.colour}"
          stroke-width="${m.kind === 'current' ? 2 : 1.5}"
          ${s.dash ? html` stroke-dasharray="${s.dash}"` : ''}
        />`;
      })}
      <line
        class="cz-target"
        x1="${g.target.x1}"
        y1="${g.target.y1}"
        x2="${g.target.x2}"
        y2="${g.target.y2}"
        stroke="${COLOURS.target}"
        stroke-width="2"
        stroke-dasharray="8 4"
      />
      ${g.forecast ? html`<line class="cz-forecast" x1="${g.forecast.x1}" y1="${g.forecast.y1}" x2="${g.forecast.x2}" y2="${g.forecast.y2}" stroke="${COLOURS.forecast}" stroke-width="2" stroke-dasharray="3 3" />` : ''}
      ${g.points.length > 1 ? html`<polyline class="cz-values" points="${polyline}" fill="none" stroke="${COLOURS.values}" stroke-width="2" />` : ''}
      ${g.points.map((p) => html`<circle class="cz-point" cx="${p.x}" cy="${p.y}" r="4" fill="${COLOURS.values}" />`)}
      ${g.milestones.map((m) => html`<rect class="cz-milestone cz-milestone--${m.state}" x="${m.x - 5}" y="${m.y - 5}" width="10" height="10" transform="rotate(45 ${m.x} ${m.y})" fill="${m.state === 'met' ? COLOURS.milestone : '#ffffff'}" stroke="${m.state === 'missed' ? COLOURS.current : COLOURS.milestone}" stroke-width="2" />`)}
    </g>
  </svg>`;
};

const swatch = (colour: string, style: string, label: string) =>
  html`<li>
    <span
      class="cz-swatch"
      style="border-top-color:${colour};border-top-style:${style}"
      aria-hidden="true"
    ></span
    >${label}
  </li>`;

/** One chart with its legend and its data as a table: the drawing is never the only way in. */
export const chartFigure = (o: ChartOptions): Html =>
  html`<figure class="cz-chart fr-mb-2w" aria-labelledby="${o.id}-legende">
      ${chartSvg(o)}
      <figcaption id="${o.id}-legende" class="fr-text--sm">${o.title}</figcaption>
      <ul class="cz-legend fr-text--xs" aria-label="Légende">
        ${swatch(COLOURS.values, 'solid', 'valeurs déclarées')}
        ${swatch(COLOURS.target, 'dashed', 'objectif jusqu’à l’échéance')}
        ${o.forecast ? swatch(COLOURS.forecast, 'dotted', 'prévision') : ''}
        ${
          o.milestones && o.milestones.length > 0
            ? html`<li>
                <span class="cz-diamond" aria-hidden="true"></span>jalons (plein&#8239;: atteint,
                contour rouge&#8239;: manqué)
              </li>`
            : ''
        }
        ${swatch(COLOURS.original, 'dashed', MARKER_STYLE.original.label)}
        ${o.extensions.length > 0 ? swatch(COLOURS.extension, 'dotted', 'reports') : ''}
        ${swatch(COLOURS.current, 'solid', MARKER_STYLE.current.label)}
        ${swatch(COLOURS.asOf, 'dotted', MARKER_STYLE.asOf.label)}
      </ul>
    </figure>
    <details class="fr-mb-4w">
      <summary>
        Données du graphique (${o.points.length} valeur${o.points.length > 1 ? 's' : ''})
      </summary>
      <div class="fr-table fr-table--sm fr-table--multiline">
        <div class="fr-table__wrapper">
          <div class="fr-table__container">
            <div class="fr-table__content">
              <table id="${o.id}-donnees">
                <caption>
                  ${o.title}&#8239;: valeurs
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Valeur</th>
                    <th scope="col">Nature</th>
                  </tr>
                </thead>
                <tbody>
                  ${
                    o.points.length === 0
                      ? html`<tr>
                          <td colspan="3">Aucune valeur déclarée.</td>
                        </tr>`
                      : o.points.map(
                          (p) =>
                            html`<tr>
                              <td>${frenchDate(p.on)}</td>
                              <td>${formatValue(o.metric, p.value)}</td>
                              <td>
                                ${p.baseline ? 'référence de la décision' : 'déclaration'}${p.note ? html`&#8239;: ${p.note}` : ''}
                              </td>
                            </tr>`,
                        )
                  }
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      <p class="fr-text--sm">${chartDescription(o)}</p>
    </details>`;
