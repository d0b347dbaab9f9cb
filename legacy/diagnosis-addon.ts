// Entry of the script-tag add-on dist/stomp-anywhere-diagnosis.js (and .min.js): the close
// diagnosis in sentences (the likely cause and what to do), for a page that wants it. Loaded
// after stomp-anywhere.js, it adds diagnoseClose and closeCodeInfo to the StompAnywhere global
// and makes every client's close reports use them; without it a close report has the code,
// name, kind and one line. The rules it shares with the main bundle come from that bundle's
// global (rollup.config.mjs maps close-kind.ts to StompAnywhere); only report-text.ts's three
// small helpers are in both files.
import { closeCodeInfo } from '../lib/client/close-codes.js';
import { diagnoseClose } from '../lib/client/close-diagnosis.js';
import { useCloseDiagnosis } from '../lib/client/close-kind.js';

useCloseDiagnosis(diagnoseClose);

export { closeCodeInfo, diagnoseClose };
