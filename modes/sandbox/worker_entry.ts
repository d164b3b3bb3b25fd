/**
 * Entry module of the sandbox worker in the product (compiled into the binary with
 * `--include`). Test workers call {@linkcode serveAcquisitions} with their own modes.
 *
 * @module
 */

import { findMode } from "../registry.ts";
import { serveAcquisitions } from "./serve.ts";

serveAcquisitions(findMode);
