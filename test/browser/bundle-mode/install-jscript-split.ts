// Loaded before the script-tag bundle in the bundle run: from the first line of the library
// on, String.prototype.split behaves as JScript 5.x's (drops every empty piece of a regex split).
import { installJScriptSplit } from '../../support/jscript-split.js';

installJScriptSplit({ sticky: true });
