import { WAITING_ROOM_MODES } from "@chalkline/shared";
import mongoose from "mongoose";

/** A class room's waiting-room mode, keyed by the room id; a room without one admits everyone enrolled. */
const waitingRoomSettingSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    mode: { type: String, enum: WAITING_ROOM_MODES, required: true },
  },
  { timestamps: { createdAt: false, updatedAt: true }, versionKey: false },
);
export const WaitingRoomSetting = mongoose.model("WaitingRoomSetting", waitingRoomSettingSchema, "waitingRoomSettings");
