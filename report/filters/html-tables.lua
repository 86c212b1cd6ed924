--[[
html-tables.lua — how the book's chapters are laid out, for both engines: the built-in
engine runs it on every chapter; Quarto runs it as a filter of the book (`filters` of
_quarto.yml), before its own filters.

  * a RawBlock "markdown" (a `text/markdown` output of a cell, pandoc's ipynb reader) is
    parsed as Pandoc Markdown;
  * a RawBlock "html" holding a `<table` (a `text/html` output) is kept as is for an HTML
    target, in a box that scrolls sideways (`cc-table-scroll`), and records the table's id
    and caption for the page's table of contents (metadata `cc-tables`); for any other
    target it is replaced by the table Pandoc reads from the markup
    (`pandoc.read(text, "html")`), then styled for Typst (column widths that fit the page,
    numbers right aligned, header and block rows shaded, sub-total and total rows bold,
    years in headers breakable after their hyphen);
  * for a Typst target, every table and figure is written here as raw Typst (Pandoc's Typst
    writer): Quarto then leaves it as it is — no float of its own, no second caption
    « Table 3.1 », no re-layout — and both engines give the same Typst;
  * the `fig-alt` attribute of an image becomes its `alt` attribute; for a Typst target the
    image is written as raw Typst `image("…", alt: "…")` (Pandoc's Typst writer drops the
    description, and a PDF/UA document refuses an image without one);
  * for an HTML target, each table of the lib is followed (after its notes) by links to its
    CSV file (`tables/Tnn.csv` of the site) and to its sheet in the workbook; each chart (after
    its notes) by its description (the alt text, visible in a `<details>`) and a link to the
    table before it on the page; a table of the Markdown chapters (Pandoc's own) is written
    as HTML with header cells of `scope="col"` and a caption (the bold paragraph just above
    it, else the heading it comes under, for screen readers only), in the same scrolling box;
  * the wrappers of notebook cells and outputs are removed, and so is the source of code
    cells (the publication never shows code) — except in Quarto's HTML pages, whose layout
    relies on them;
  * the `cc-notes` div under a table is wrapped in the Typst function `cc-notes`
    (typst-template.typ);
  * a div with a `cc-base` attribute (a chapter of the combined document Quarto renders to
    PDF) gives the folder its images are relative to, and is removed.

Metadata read: `cc-target` (the output format, else FORMAT), `cc-base` (folder of the
chapter relative to the Typst document, prepended to relative image paths), `cc-root` (HTML:
path from the page to the site's root, else derived from the input file's place in the
project) and `cc-xlsx` (HTML: file name of the workbook at the site's root).
]]

local stringify = pandoc.utils.stringify

local target = FORMAT
local in_quarto = type(quarto) == "table"   -- run by Quarto (its Lua API), not by pandoc alone
local base = nil
local root = nil       -- HTML: from the page to the site's root ("" or "../")
local xlsx = nil       -- HTML: the workbook's file name
local tables = {}

local function is_html()
  return target:match("html") ~= nil
end

local function is_typst()
  return target:match("typst") ~= nil
end

local function has_class(el, name)
  for _, c in ipairs(el.classes or {}) do
    if c == name then
      return true
    end
  end
  return false
end

local function rebase(src, folder)
  if folder == nil or folder == "" or folder == "." or src:match("^%a[%w+.-]*:")
      or src:match("^[/#]") then
    return src
  end
  return folder .. "/" .. src
end

-- Blocks written as raw Typst by Pandoc's own Typst writer (what the built-in engine's final
-- pandoc call would write for them).
local function raw_typst(blocks)
  local text = pandoc.write(pandoc.Pandoc(blocks), "typst", pandoc.WriterOptions({ wrap_text = "wrap-none" }))
  return pandoc.RawBlock("typst", text)
end

local function attribute(text)
  return (text:gsub("&", "&amp;"):gsub('"', "&quot;"):gsub("<", "&lt;"))
end

local function html_text(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", " ") .. '"'
end

-- The alt text of an image: its `alt` (or `fig-alt`) attribute, else its description.
local function alt_of(img)
  local alt = img.attributes["alt"] or img.attributes["fig-alt"]
  if alt == nil or alt == "" then
    alt = stringify(img.caption)
  end
  return alt
end

-- Pandoc's Typst writer writes `image("src"…)` without the alt text: put it back, in the
-- order of the images.
local function typst_with_alt(text, alts)
  local i = 0
  return (text:gsub('image%(("[^"]*")', function(src)
    i = i + 1
    if alts[i] == nil or alts[i] == "" then
      return nil
    end
    return "image(" .. src .. ", alt: " .. typst_string(alts[i])
  end))
end

local function embolden(cell)
  cell.contents = cell.contents:walk({
    Plain = function(p) return pandoc.Plain({ pandoc.Strong(p.content) }) end,
    Para = function(p) return pandoc.Para({ pandoc.Strong(p.content) }) end,
  })
  return cell
end

-- a « dont » row (a part of the row above): its label indented and in italics
local function indent_label(cell)
  cell.contents = cell.contents:walk({
    Plain = function(p)
      return pandoc.Plain({ pandoc.RawInline("typst", "#h(1em)"), pandoc.Emph(p.content) })
    end,
  })
  return cell
end

local function typst_array(numbers)
  local items = {}
  for _, n in ipairs(numbers) do
    items[#items + 1] = tostring(n) .. ","
  end
  return "(" .. table.concat(items, " ") .. ")"
end

-- Column widths of a Typst table, as fractions of the text width. Typst shrinks every
-- overflowing `auto` column to the same share, which squeezes the row labels of wide
-- tables; widths are given instead, from the characters each column needs. Two needs per
-- column: comfortable (row labels up to LABEL_CAP, headers up to HEADER_LINE characters a
-- line and their longest word, the cells) and minimal (row labels up to LABEL_MIN, header
-- words up to HEADER_WORD_MIN characters, the cells). A table whose comfortable need fits in BUDGET characters (7.5 pt type across
-- the text width) keeps its natural width; a wider one fills the width, the room above the
-- minimal needs shared in proportion of what each column lacks; one whose minimal needs
-- exceed the width is set in smaller type (down to MIN_SIZE).
local BUDGET = 145   -- 7.5 pt Libertinus: 3.2 pt a character, 482 pt of text width
local FONT_SIZE, MIN_SIZE = 7.5, 6.0   -- pt, as in book.typ
local LABEL_CAP, LABEL_MIN = 40, 22
local HEADER_LINE = 12
local HEADER_WORD_MIN = 10   -- at worst, longer header words are hyphenated
local BOLD = 1.15   -- headers are bold: wider characters
local PADDING = 2
local ZWSP = "\u{200B}"

local function ulen(s)
  return utf8.len(s) or #s
end

local function longest_word(text)
  local m = 0
  for w in text:gsub(ZWSP, " "):gmatch("%S+") do
    m = math.max(m, ulen(w))
  end
  return m
end

-- « 2018-2019 » may break after its hyphen in a header (Unicode forbids it before a digit).
local function breakable_years(cell)
  cell.contents = cell.contents:walk({
    Str = function(s)
      local text = s.text:gsub("(%d)%-(%d)", "%1-" .. ZWSP .. "%2")
      return pandoc.Str(text)
    end,
  })
end

local function column_widths(tbl)
  local n = #tbl.colspecs
  local comfy, least = {}, {}
  for i = 1, n do
    comfy[i], least[i] = 3, 3
  end
  local function need(c, comfortable, minimal)
    comfy[c] = math.max(comfy[c], comfortable)
    least[c] = math.max(least[c], minimal)
  end
  -- header cells placed on the grid (row spans of upper rows take columns below)
  local taken = {}
  for r, row in ipairs(tbl.head.rows) do
    taken[r] = taken[r] or {}
    local c = 1
    for _, cell in ipairs(row.cells) do
      while taken[r][c] do
        c = c + 1
      end
      if cell.col_span == 1 and c <= n then
        local text = stringify(cell.contents)
        local word = longest_word(text)
        need(c, math.ceil(math.max(word, math.min(ulen(text), HEADER_LINE)) * BOLD),
             math.ceil(math.min(word, HEADER_WORD_MIN) * BOLD))
      end
      for dr = 0, cell.row_span - 1 do
        taken[r + dr] = taken[r + dr] or {}
        for dc = 0, cell.col_span - 1 do
          taken[r + dr][c + dc] = true
        end
      end
      c = c + cell.col_span
    end
  end
  for _, body in ipairs(tbl.bodies) do
    for _, rows in ipairs({ body.head, body.body }) do
      for _, row in ipairs(rows) do
        if #row.cells == n then
          for c, cell in ipairs(row.cells) do
            local len = ulen(stringify(cell.contents))
            if c == 1 then
              need(c, math.min(len, LABEL_CAP), math.min(len, LABEL_MIN))
            else
              need(c, len, len)
            end
          end
        end
      end
    end
  end
  local total_comfy, total_least = 0, 0
  for i = 1, n do
    comfy[i], least[i] = comfy[i] + PADDING, least[i] + PADDING
    total_comfy, total_least = total_comfy + comfy[i], total_least + least[i]
  end
  -- a table that does not fit even at its minimal needs gets smaller type (not below
  -- MIN_SIZE), so that more characters fit across the width
  local size = FONT_SIZE
  if total_least > BUDGET then
    size = math.max(MIN_SIZE, FONT_SIZE * BUDGET / total_least)
  end
  local budget = BUDGET * FONT_SIZE / size
  local widths = {}
  for i = 1, n do
    if total_comfy <= budget then
      widths[i] = comfy[i] / budget
    elseif total_least >= budget then
      widths[i] = least[i] / total_least
    else
      local share = (budget - total_least) / (total_comfy - total_least)
      widths[i] = (least[i] + share * (comfy[i] - least[i])) / budget
    end
  end
  return widths, size
end

-- A table read from the HTML markup, styled for Typst: column widths, first column left,
-- numbers right, header centred and bold, block rows bold and shaded, sub-totals and totals
-- bold. The shading is a `fill` set rule scoped to the table (rows counted as Typst counts
-- them).
local function typst_table(tbl)
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do
      breakable_years(cell)
    end
  end
  local widths, size = column_widths(tbl)
  for i, _ in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { i == 1 and pandoc.AlignLeft or pandoc.AlignRight, widths[i] }
  end
  local y = 0
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do
      cell.alignment = pandoc.AlignCenter
      embolden(cell)
    end
    y = y + 1
  end
  local header_rows = y
  local shaded = {}
  local function style_rows(rows)
    for _, row in ipairs(rows) do
      if has_class(row, "cc-block") then
        shaded[#shaded + 1] = y
        for _, cell in ipairs(row.cells) do
          cell.alignment = pandoc.AlignLeft
          embolden(cell)
        end
      elseif has_class(row, "cc-subtotal") or has_class(row, "cc-total") then
        for _, cell in ipairs(row.cells) do
          embolden(cell)
        end
      elseif has_class(row, "cc-dont") and #row.cells > 0 then
        indent_label(row.cells[1])
      end
      y = y + 1
    end
  end
  for _, body in ipairs(tbl.bodies) do
    style_rows(body.head)
    style_rows(body.body)
  end
  local fill = string.format(
    "(x, y) => if y < %d { rgb(\"#dfe5ee\") } else if %s.contains(y) { rgb(\"#eef1f6\") }",
    header_rows, typst_array(shaded))
  return {
    pandoc.RawBlock("typst", string.format(
      "#[#set table(fill: %s)\n#show table: set text(size: %.1fpt)", fill, size)),
    tbl,
    pandoc.RawBlock("typst", "]"),
  }
end

local process

-- -- HTML: the tables of the Markdown chapters, what follows a table or a chart ---------------

-- a table in a box that scrolls sideways when it is wider than the page's column (keyboard:
-- the box takes the focus), named after the table's caption
local function scroll_box(html, label)
  local open = '<div class="cc-table-scroll" role="region" tabindex="0"'
  if label ~= nil and label ~= "" then
    open = open .. ' aria-label="' .. attribute(label) .. '"'
  end
  return pandoc.RawBlock("html", open .. ">\n" .. html .. "\n</div>")
end

-- A bold paragraph right above a table without caption (« **Système de gestion…** ») is its
-- caption (a `Blocks` filter).
local function captions_from_bold(blocks)
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local b, following = blocks[i], blocks[i + 1]
    if b.t == "Para" and #b.content == 1 and b.content[1].t == "Strong" and following ~= nil
        and following.t == "Table" and #following.caption.long == 0 then
      local words = b.content[1].content:clone()
      local final = words[#words]
      if final ~= nil and final.t == "Str" and final.text:match("[^.]%.$") then
        words[#words] = pandoc.Str(final.text:sub(1, -2))   -- « **Signes conventionnels.** »
      end
      following.caption.long = pandoc.Blocks({ pandoc.Plain(words) })
    else
      out:insert(b)
    end
    i = i + 1
  end
  return out
end

-- A table of Pandoc's (Markdown chapters) as accessible HTML styled as the lib's tables
-- (`cc-table`, no id): header cells `scope="col"`, a caption (`fallback`, the heading it comes
-- under, for screen readers only, when it has none).
local function html_table(tbl, fallback)
  local hidden = false
  if #tbl.caption.long == 0 and fallback ~= nil and fallback ~= "" then
    tbl.caption.long = pandoc.Blocks({ pandoc.Plain({ pandoc.Str(fallback) }) })
    hidden = true
  end
  local html = pandoc.write(pandoc.Pandoc({ tbl }), "html5", pandoc.WriterOptions({ wrap_text = "wrap-none" }))
  html = html:gsub("<th([ >])", '<th scope="col"%1'):gsub("^(%s*)<table", '%1<table class="cc-table"', 1)
  if hidden then
    html = html:gsub("<caption>", '<caption class="cc-sr-only">', 1)
  end
  return scroll_box(html, stringify(tbl.caption.long))
end

local function table_number(id)
  local n = id:match("^[tT](%d+)$")
  return n and tonumber(n) or nil
end

-- « Télécharger les données : tableau 5 au format CSV · annexe Excel, feuille « T05 » »
local function table_links(id)
  local n = table_number(id)
  if n == nil then
    return nil
  end
  local sheet = string.format("T%02d", n)
  local html = string.format('<p class="cc-table-links">Télécharger les données : '
    .. '<a href="%stables/%s.csv" type="text/csv">tableau %d au format CSV</a>', root or "", sheet, n)
  if xlsx ~= nil and xlsx ~= "" then
    html = html .. string.format(' · <a href="%s%s">annexe Excel</a>, feuille « %s »',
      root or "", attribute(xlsx), sheet)
  end
  return pandoc.RawBlock("html", html .. "</p>")
end

-- One pass in the order of the document (HTML): captions of Pandoc's tables; after each
-- table of the lib its links, after each chart its description and the table it goes with —
-- both after the notes (`cc-notes`) that follow them, else before the next heading, table or
-- chart.
local function html_in_order(blocks)
  local after = nil     -- blocks waiting for the notes of the table or chart before them
  local last = nil      -- the last table of the lib: { id, caption (HTML) }
  local heading = nil   -- the text of the last heading
  local function flush(out)
    if after ~= nil then
      out:extend(after)
      after = nil
    end
    return out
  end
  local walked = blocks:walk({
    traverse = "topdown",
    Header = function(h)
      heading = stringify(h.content)
      if after ~= nil then
        local out = flush(pandoc.Blocks({}))
        out:insert(h)
        return out, false
      end
    end,
    RawBlock = function(el)
      if el.format ~= "html" then
        return nil
      end
      local id = el.text:match('<table class="cc%-table" id="([^"]+)"')
      if id == nil then
        return nil
      end
      local out = flush(pandoc.Blocks({}))
      out:insert(el)
      last = { id = id, caption = el.text:match("<caption>(.-)</caption>") }
      local links = table_links(id)
      after = links and pandoc.Blocks({ links }) or nil
      return out, false
    end,
    Div = function(div)
      if has_class(div, "cc-notes") and after ~= nil then
        return flush(pandoc.Blocks({ div })), false
      end
    end,
    Figure = function(fig)
      local out = flush(pandoc.Blocks({}))
      local number = stringify(fig.caption.long):match("^Graphique (%d+)")
      if fig.identifier == "" and number ~= nil then
        fig.identifier = string.format("g%02d", tonumber(number))   -- a target for the search
      end
      out:insert(fig)
      local alt = nil
      fig:walk({ Image = function(img) alt = alt or alt_of(img) end })
      after = pandoc.Blocks({})
      if alt ~= nil and alt ~= "" then
        local summary = "Description du graphique" .. (number and (" " .. number) or "")
        after:insert(pandoc.RawBlock("html", '<details class="cc-chart-desc"><summary>' .. summary
          .. "</summary><p>" .. html_text(alt) .. "</p></details>"))
      end
      if last ~= nil and last.caption ~= nil then
        after:insert(pandoc.RawBlock("html", '<p class="cc-chart-source">Tableau associé : <a href="#'
          .. last.id .. '">' .. last.caption .. "</a></p>"))
      end
      return out, false
    end,
    Table = function(tbl)
      local out = flush(pandoc.Blocks({}))
      out:insert(html_table(tbl, heading))
      return out, false
    end,
  })
  return flush(walked)
end

local function html_block(el)
  if not el.text:find("<table", 1, true) then
    return nil
  end
  local parsed = pandoc.read(el.text, "html").blocks
  if is_html() then
    local label = nil
    parsed:walk({
      Table = function(tbl)
        label = label or stringify(tbl.caption.long)
        if tbl.identifier ~= "" then
          tables[#tables + 1] = pandoc.MetaMap({
            id = pandoc.MetaString(tbl.identifier),
            caption = pandoc.MetaInlines(pandoc.utils.blocks_to_inlines(tbl.caption.long)),
          })
        end
      end,
    })
    return scroll_box(el.text, label)
  end
  local out = pandoc.Blocks({})
  for _, block in ipairs(parsed) do
    if block.t == "Table" and is_typst() then
      out:insert(raw_typst(typst_table(block)))
    else
      out:extend(process({ block }))
    end
  end
  return out
end

local filter = {
  Image = function(img)
    local alt = img.attributes["fig-alt"]
    if alt ~= nil then
      img.attributes["fig-alt"] = nil
      img.attributes["alt"] = alt
    end
    img.src = rebase(img.src, base)
    return img
  end,

  -- Typst: figures and tables as raw Typst (see the header)
  Figure = function(fig)
    if is_typst() then
      local alts = {}
      fig:walk({ Image = function(img) alts[#alts + 1] = alt_of(img) end })
      local raw = raw_typst({ fig })
      raw.text = typst_with_alt(raw.text, alts)
      return raw
    end
  end,

  Table = function(tbl)
    if is_typst() then
      return raw_typst({ tbl })
    end
  end,

  RawBlock = function(el)
    if el.format == "markdown" then
      return process(pandoc.read(el.text, "markdown").blocks)
    elseif el.format == "html" then
      return html_block(el)
    end
  end,

  Div = function(div)
    if in_quarto and is_html() and (has_class(div, "cell") or has_class(div, "cell-output")) then
      return nil  -- Quarto's HTML pages lay out its cells themselves
    elseif has_class(div, "cell") then
      local kept = pandoc.Blocks({})
      for _, block in ipairs(div.content) do
        -- a code cell's source is its direct CodeBlock child: never published
        if not (has_class(div, "code") and block.t == "CodeBlock") then
          kept:insert(block)
        end
      end
      return kept
    elseif has_class(div, "output") or has_class(div, "cell-output") then
      return div.content
    elseif has_class(div, "cc-notes") and is_typst() then
      local out = pandoc.Blocks({ pandoc.RawBlock("typst", "#cc-notes[") })
      out:extend(div.content)
      out:insert(pandoc.RawBlock("typst", "]"))
      return out
    end
  end,
}

process = function(blocks)
  return pandoc.Blocks(blocks):walk(filter)
end

-- chapters of a combined document: their images rebased, their wrapper removed
local chapters = {
  Div = function(div)
    local folder = div.attributes["cc-base"]
    if folder == nil then
      return nil
    end
    return div.content:walk({
      Image = function(img)
        img.src = rebase(img.src, folder)
        return img
      end,
    })
  end,
}

-- HTML: the path from the page to the site's root, from the input file's place in the project
local function root_of_page(meta)
  if meta["cc-root"] ~= nil then
    return stringify(meta["cc-root"])
  end
  local input, project = nil, nil
  if in_quarto then
    pcall(function()
      input = quarto.doc.input_file
      project = quarto.project.directory
    end)
  elseif PANDOC_STATE ~= nil and PANDOC_STATE.input_files ~= nil then
    input = PANDOC_STATE.input_files[1]
  end
  if input == nil then
    return ""
  end
  input = input:gsub("\\", "/")
  if project ~= nil then
    project = project:gsub("\\", "/"):gsub("/$", "")
    if input:sub(1, #project + 1) == project .. "/" then
      input = input:sub(#project + 2)
    end
  end
  input = input:gsub("^%./", "")
  local _, depth = input:gsub("/", "")
  return string.rep("../", depth)
end

function Pandoc(doc)
  if doc.meta["cc-target"] ~= nil then
    target = stringify(doc.meta["cc-target"])
  end
  if doc.meta["cc-base"] ~= nil then
    base = stringify(doc.meta["cc-base"])
  end
  if doc.meta["cc-xlsx"] ~= nil then
    xlsx = stringify(doc.meta["cc-xlsx"])
  end
  doc.blocks = pandoc.Blocks(doc.blocks):walk(chapters)
  doc.blocks = process(doc.blocks)
  if is_html() then
    root = root_of_page(doc.meta)
    doc.blocks = doc.blocks:walk({ Blocks = captions_from_bold })
    doc.blocks = html_in_order(doc.blocks)
  elseif is_typst() then
    -- an image outside a figure: raw Typst too, with its alt text
    doc.blocks = doc.blocks:walk({
      Image = function(img)
        local raw = pandoc.write(pandoc.Pandoc({ pandoc.Plain({ img }) }), "typst",
          pandoc.WriterOptions({ wrap_text = "wrap-none" }))
        return pandoc.RawInline("typst", typst_with_alt((raw:gsub("%s+$", "")), { alt_of(img) }))
      end,
    })
  end
  if #tables > 0 then
    doc.meta["cc-tables"] = pandoc.MetaList(tables)
  end
  return doc
end
