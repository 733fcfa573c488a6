/**
 * A posting's category: the source's own category words (Adzuna `category`,
 * USAJobs `JobCategory`, an ATS department or team, RSS `<category>`, JSON-LD
 * `occupationalCategory`/`industry`) mapped to a slug of our category tree
 * (migration 0003), the title's words as the fallback and to refine: a title
 * that names a sub-category of the source's category wins
 * (`Engineering` + `Senior Backend Engineer` → `backend`). A source label that
 * names a sub-category and its parent (`Accounting & Finance Jobs`,
 * `Logistics & Warehouse`) stands for the parent. Null when nothing matches
 * (such jobs stay uncategorised, as before).
 */
import { foldText } from "../../lib/fold";

/**
 * The rule table, most specific first: `@parent` opens the sub-categories of
 * `parent` (`@` alone: the top of the tree), then `slug=words`, the words a
 * regular-expression alternation matched as whole words of the folded text.
 * A string (parsed on first use) rather than literals: it is in the Worker
 * bundle, where every KiB counts.
 */
const SPEC = String.raw`
@engineering
machine-learning=machine learning|ml|deep learning|artificial intelligence|ai|computer vision|nlp|perception
data-engineering=data (engineer|engineering|platform|pipelines?)
site-reliability=site reliability|sre
devops=devops|platform engineer(ing)?|infrastructure|cloud engineer(ing)?|sysadmin|systems? administrator
security=security engineer(ing)?|cyber ?security|infosec|information security|application security
qa-and-testing=qa|quality assurance|test automation|tester|sdet|test engineer
embedded-systems=embedded|firmware|device drivers?
engineering-management=engineering manager|head of engineering|vp of engineering|vp engineering|director of engineering|cto
mobile=ios|android|mobile
full-stack=full ?stack
frontend=frontend|front end|ui engineer|ui developer|web developer
backend=backend|back end|server side|api engineer
@data-and-analytics
data-science=data scien\w*|statistic\w*|mathematical statistics|quantitative research\w*
business-intelligence=business intelligence|bi developer|bi analyst
@finance
payroll=payroll
financial-analysis=financial analy\w*|fp a|financial planning
accounting=accountant|accounting|bookkeep\w*|auditor|auditing|acca|tax
@data-and-analytics
data-analysis=data analy\w*|analytics|insights analyst
@design
ux-research=ux research\w*|user research\w*
motion-design=motion design\w*|animator|animation
graphic-design=graphic design\w*|visual design\w*|illustrator
product-design=product design\w*|ux|ui ux|interaction design\w*
@product
product-management=product manag\w*|product owner
product-operations=product operations|product ops
@sales
sales-engineering=sales engineer\w*|solutions engineer\w*|presales|pre sales
sales-development=sdr|bdr|sales development|business development representative
account-executive=account executive
account-management=account manag\w*
@marketing
seo=seo|search engine optimi[sz]ation
content-marketing=content market\w*|content writ\w*|content strateg\w*|copywrit\w*
growth-marketing=growth market\w*|performance market\w*|demand generation
social-media=social media
brand-marketing=brand market\w*|brand manag\w*
@customer-support
technical-support=technical support|it support|help ?desk|support engineer
customer-success=customer success
@human-resources
recruiting=recruit\w*|talent acquisition|sourcer
learning-and-development=learning and development|l d|training and development
people-operations=people operations|people ops|hr operations
@operations
project-management=project manag\w*|program manag\w*|programme manag\w*|pmo|scrum master
office-administration=office manag\w*|administrative|administrator|admin|secretary|receptionist|executive assistant|clerk
business-operations=business operations|bizops|strategy and operations|management and program analysis
@healthcare
nursing=nurse|nurses|nursing|rn
medical-doctors=physician|medical officer|doctor|surgeon|psychiatrist|gp
pharmacy=pharmacy|pharmacist|pharmacists
dental=dental|dentist|dental hygienist
care-work=care worker|carer|caregiver|support worker|social work\w*|social care|home care
allied-health=physiotherap\w*|occupational therap\w*|radiograph\w*|paramedic|therapist|allied health|medical technolog\w*
@education
early-childhood=early childhood|nursery|preschool|childcare
tutoring=tutor|tutoring
teaching=teacher|teaching|lecturer|instructor
academic-research=postdoc\w*|professor|academic|research fellow
@trades
electrical=electrician|electrical
welding=welder|welding
plumbing=plumber|plumbing
carpentry=carpenter|carpentry|joiner
hvac=hvac|heating|refrigeration|air conditioning
automotive=mechanic|automotive|vehicle technician
construction=construction|bricklayer|labourer|laborer|site manager
@hospitality
kitchen-and-chefs=chef|cook|kitchen|catering
front-of-house=waiter|waitress|bartender|barista|front of house
hotel-operations=hotel|housekeeping|housekeeper|concierge
@logistics
warehouse=warehouse|forklift|picker|packer|materials handler
driving-and-delivery=driver|drivers|delivery driver|courier|motor vehicle operator
supply-chain=supply chain|procurement|purchasing|contracting|inventory
@retail
store-management=store manager|shop manager|retail manager
sales-associates=sales associate|shop assistant|cashier|retail assistant
@manufacturing
quality-control=quality control|quality inspector|qc
production=production|assembly|machine operator
@
engineering=software|developer|programmer|engineer|engineering|it|information technology|computer science|technology
data-and-analytics=data
design=design|designer|creative
product=product
sales=sales|business development
marketing=marketing|advertising|pr|public relations|communications
healthcare=healthcare|health care|medical|clinical|hospital|health
customer-support=customer service|customer services|customer support|customer care|call centre|call center|support
finance=finance|financial|treasury|banking|budget
human-resources=human resources|hr|people
legal=legal|lawyer|attorney|counsel|paralegal|solicitor|law
operations=operations
education=education|school|teaching
trades=trade|trades|maintenance
hospitality=hospitality|restaurant|travel
logistics=logistics|transportation
retail=retail
manufacturing=manufacturing
`;

interface Rule {
  re: RegExp;
  slug: string;
  parent: string | null;
}
let table: { rules: Rule[]; bySlug: Map<string, Rule> } | null = null;

function rules() {
  if (table) return table;
  const out: Rule[] = [];
  let parent: string | null = null;
  for (const line of SPEC.split("\n")) {
    if (line.startsWith("@")) parent = line.slice(1) || null;
    else if (line) {
      const at = line.indexOf("=");
      out.push({ re: new RegExp(` (${line.slice(at + 1)}) `), slug: line.slice(0, at), parent });
    }
  }
  table = { rules: out, bySlug: new Map(out.map((r) => [r.slug, r])) };
  return table;
}

const padded = (text: string) =>
  ` ${foldText(text)
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;

/** The first rule matching the text, or null. */
export function categoryOfText(text: string | null | undefined, source = false): string | null {
  if (!text?.trim()) return null;
  const t = padded(text);
  const { rules: all, bySlug } = rules();
  const hit = all.find((r) => r.re.test(t));
  if (!hit) return null;
  // `Accounting & Finance Jobs`: a source label naming the parent too stands for the parent.
  const parent = source && hit.parent ? bySlug.get(hit.parent) : undefined;
  return parent?.re.test(t) ? parent.slug : hit.slug;
}

export interface CategoryHints {
  /** The source's category words, best first (category, department, team). */
  texts: (string | null | undefined)[];
  title: string;
}

/** The slug of a posting's category (see the top of this file), or null. */
export function categorySlugOf(hints: CategoryHints): string | null {
  let source: string | null = null;
  for (const t of hints.texts) {
    source = categoryOfText(t, true);
    if (source) break;
  }
  const fromTitle = categoryOfText(hints.title);
  if (!source) return fromTitle;
  // The title refines the source's category (`Engineering` → `backend`), never contradicts it.
  if (fromTitle && rules().bySlug.get(fromTitle)?.parent === source) return fromTitle;
  return source;
}
