import { describe, expect, it } from "vitest";
import { AppError, outageError } from "./errors";

describe("outageError", () => {
  const named = (name: string, message = "x") => Object.assign(new Error(message), { name });

  it("calls an unreachable database or Redis unavailable", () => {
    for (const error of [
      named("MongoServerSelectionError"),
      named("MaxRetriesPerRequestError"),
      new Error("Connection is closed."),
      named("MongoBulkWriteError", "connect ECONNREFUSED 127.0.0.1:27017"),
      new Error("write failed", { cause: named("MongoNetworkError") }),
    ]) {
      expect(outageError(error)).toBeInstanceOf(AppError);
      expect(outageError(error)?.code).toBe("unavailable");
    }
  });

  it("leaves every other failure alone", () => {
    for (const error of [
      new TypeError("x is undefined"),
      named("MongoServerError", "E11000 duplicate key"),
      "text",
      null,
    ]) {
      expect(outageError(error)).toBeNull();
    }
  });
});
