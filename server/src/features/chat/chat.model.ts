import mongoose, { type HydratedDocument, type InferSchemaType } from "mongoose";

const messageSchema = new mongoose.Schema(
  {
    roomId: { type: mongoose.Schema.Types.ObjectId, required: true },
    /** Gapless per room: the unique index below lets exactly one insert take each number. */
    seq: { type: Number, required: true },
    clientMsgId: { type: String, required: true },
    authorId: { type: mongoose.Schema.Types.ObjectId, required: true },
    authorName: { type: String, required: true },
    authorRole: { type: String, required: true },
    text: { type: String, default: "" },
    mentions: { type: [String], default: [] },
    /** "<emoji>|<userId>" strings, so adding and removing are plain $addToSet / $pull. */
    reactions: { type: [String], default: [] },
    editedAt: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
messageSchema.index({ roomId: 1, seq: 1 }, { unique: true });
messageSchema.index({ roomId: 1, authorId: 1, clientMsgId: 1 }, { unique: true });

export type MessageDoc = HydratedDocument<InferSchemaType<typeof messageSchema>>;
export const Message = mongoose.model("Message", messageSchema, "messages");
