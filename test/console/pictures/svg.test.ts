import t from 'tap'
import { colour, contrast, escapeXml, Markup, pictureSvg, svg, textOn, wrap } from '../../../src/console/pictures/svg.js'

t.test('text is escaped wherever it lands; markup built by svg`` is kept', async (t) => {
  t.equal(escapeXml('<script>alert("x")</script> & \'co\''), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;')
  t.equal(escapeXml('a\u0000b\u0007c\td'), 'abc\td', 'characters XML cannot carry are dropped')
  const name = '<img src=x onerror=alert(1)>'
  const out = svg`<text x="${1.234}" data-name="${name}">${name}</text>${svg`<tspan>${'b&b'}</tspan>`}`
  t.ok(out instanceof Markup)
  t.equal(out.text, '<text x="1.2" data-name="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</text><tspan>b&amp;b</tspan>')
  t.equal(svg`${[svg`<a/>`, '<b>']}${undefined}${null}${false}`.text, '<a/>&lt;b&gt;', 'arrays joined, nothing for absent values')
})

t.test('a picture is an image named by its title and described by its description', async (t) => {
  const out = pictureSvg({ id: 'chart-1', title: 'A <title>', description: 'What it shows', width: 100.2, height: 50, body: svg`<g/>` })
  t.match(out, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 101 50" width="101" height="50" role="img" aria-labelledby="chart-1-title chart-1-desc"/)
  t.match(out, /<title id="chart-1-title">A &lt;title&gt;<\/title><desc id="chart-1-desc">What it shows<\/desc><g\/><\/svg>$/)
  t.throws(() => pictureSvg({ id: '1" onload="x', title: '', description: '', width: 1, height: 1, body: svg`` }), /picture id/)
})

t.test('long names wrap onto a few lines and are cut with an ellipsis', async (t) => {
  t.same(wrap('Harbour Capital Fund IV LP', 28, 2), ['Harbour Capital Fund IV LP'])
  t.same(wrap('The Very Long Name Of A Holding Company Registered In Jersey', 20, 2), ['The Very Long Name', 'Of A Holding Compan…'], 'never wider than the line')
  t.same(wrap('Supercalifragilisticexpialidocious', 10, 1), ['Supercali…'])
})

t.test('the palette meets WCAG contrast on white: text 4.5:1, lines and shapes 3:1', async (t) => {
  t.equal(Math.round(contrast('#000000', '#ffffff')), 21)
  for (const c of [colour.text, colour.secondaryText]) t.ok(contrast(c, colour.white) >= 4.5, `text ${c}`)
  for (const c of [colour.blue, colour.red, colour.amber]) t.ok(contrast(c, colour.white) >= 3, `line ${c}`)
  t.ok(contrast(colour.text, colour.lightPurple) >= 4.5, 'text on a private-equity box')
  t.equal(textOn('#651b1b'), colour.white)
  t.equal(textOn('#fde4d7'), colour.text)
})
