// Renders a run written in Cucumber Messages as Cucumber's own HTML report.
//
//   node support/living_docs/render_messages.mjs reports/client/messages.ndjson report.html
//
// Each line of the NDJSON file is one envelope; they go, in order, through the stream
// that @cucumber/html-formatter documents (CucumberHtmlStream) into one standalone page.
// A line that is not JSON stops it with the file's name and the line's number.
import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CucumberHtmlStream } from '@cucumber/html-formatter'

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  console.error('Say which file to read and which to write: node render_messages.mjs messages.ndjson report.html')
  process.exit(2)
}

async function* envelopes() {
  let number = 0
  for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
    number += 1
    if (line.trim() === '') continue
    try {
      yield JSON.parse(line)
    } catch (error) {
      throw new Error(`${input}:${number} is not a Cucumber message (JSON expected): ${error.message}`)
    }
  }
}

try {
  await pipeline(Readable.from(envelopes()), new CucumberHtmlStream(), createWriteStream(output))
} catch (error) {
  console.error(error.message)
  process.exit(1)
}
